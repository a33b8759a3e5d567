"""YAML read and written exactly as Helm's Go libraries do (sigs.k8s.io/yaml over yaml.v2).

Public API:

- ``load(text)`` / ``load_all(text)``: YAML as Helm reads values.yaml and Chart.yaml
  (numbers are floats, YAML 1.1 booleans, Go's error messages as ``GoYAMLError``).
- ``load_map(text, go_type)``: a document that must be a map (``{}`` when empty).
- ``dump(value)``: Helm's ``toYaml`` text (before its trailing-newline trim);
  ``dump_pretty(value)``: ``toYamlPretty``.
- ``gojson.dumps(value, escape_html=True, indent="")``: Go's encoding/json text.
- ``toml.dumps(value)`` / ``toml.loads(text)``: BurntSushi/toml as Helm uses it.
"""
from __future__ import annotations

from helmpy.goyaml.reader import GoYAMLError, load, load_all, load_map
from helmpy.goyaml.writer import dump, dump_pretty

__all__ = ["GoYAMLError", "dump", "dump_pretty", "load", "load_all", "load_map"]

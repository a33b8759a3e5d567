"""Helm's repository-side file formats, shared by helmpy.repo, helmpy.provenance and helmpy.server.

Sits below all three (it imports only helmpy.chart, helmpy.goyaml and helmpy.versions), so the
provenance code can build and read signed bodies without importing the repository client that
itself calls provenance to verify downloads.

- ``yamlio``: text-scalar YAML/JSON reading (``load_text_scalars``) and sigs.k8s.io/yaml writing
  (``dump``); ``fastyaml`` is its fast path for large index files.
- ``metadata``: Chart.yaml metadata in the shape of Helm's Go struct (``metadata_to_go``,
  ``validate``, ``safe_path_segment``).
- ``chartsource``: that metadata read from an archive or directory.
- ``semver``: the version parsing, constraints and ordering repository code needs.
"""

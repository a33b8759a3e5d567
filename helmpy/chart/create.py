"""``helm create``: scaffold a chart from Helm's default starter or a starter chart.

The default starter's files live in ``starters/default`` as Helm writes them, with
``<CHARTNAME>`` where the chart's name goes.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from importlib import resources

from helmpy.errors import ChartError

STARTER_PACKAGE = "helmpy.chart"
PLACEHOLDER = "<CHARTNAME>"
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
MAX_NAME_LENGTH = 253
WRITE_ORDER = (
    "Chart.yaml", "values.yaml", ".helmignore", "templates/ingress.yaml",
    "templates/httproute.yaml", "templates/deployment.yaml", "templates/service.yaml",
    "templates/serviceaccount.yaml", "templates/hpa.yaml", "templates/NOTES.txt",
    "templates/_helpers.tpl", "templates/tests/test-connection.yaml",
)


def validate_chart_name(name: str) -> None:
    """Helm's create-time name rule (a DNS-1123 subdomain); rejects ``..``, ``a/b`` and so on."""
    if name == "" or len(name) > MAX_NAME_LENGTH or not _NAME.match(name):
        raise ChartError(
            "invalid metadata name, must match regex "
            r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
            f" and the length must not be longer than {MAX_NAME_LENGTH}")


def _starter_files() -> list[tuple[str, str]]:
    """(relative path, text) of the default starter, in a stable order."""
    root = resources.files(STARTER_PACKAGE).joinpath("starters/default")
    found: list[tuple[str, str]] = []

    def walk(node: resources.abc.Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, prefix + child.name + "/")
            elif child.name.endswith(".tmpl"):
                name = child.name[: -len(".tmpl")]
                if name.startswith("dot-"):  # package-data globs skip dotfiles
                    name = "." + name[len("dot-"):]
                found.append((prefix + name, child.read_text("utf-8")))

    walk(root, "")
    # Helm writes (and warns about) the files in this order.
    rank = {name: i for i, name in enumerate(WRITE_ORDER)}
    return sorted(found, key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _warn_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def create(name: str, directory: str, warn: Callable[[str], None] = _warn_stderr) -> str:
    """Helm's chartutil.Create: write the default starter as ``directory/name``; returns its path.

    ``warn`` receives the overwrite warnings (``helm create`` prints them to stdout).
    """
    validate_chart_name(name)
    path = os.path.abspath(directory)
    if not os.path.exists(path):
        raise ChartError(f"stat {path}: no such file or directory")
    if not os.path.isdir(path):
        raise ChartError(f"no such directory {path}")
    chart_dir = os.path.join(path, name)
    if os.path.exists(chart_dir) and not os.path.isdir(chart_dir):
        raise ChartError(f"file {chart_dir} already exists and is not a directory")
    starter = _starter_files()
    for rel in [*(rel for rel, _ in starter), "charts/"]:
        _refuse_linked_directories(chart_dir, rel)
    for rel, text in starter:
        target = os.path.join(chart_dir, rel)
        if os.path.lexists(target):
            warn(f'WARNING: File "{target}" already exists. Overwriting.')
        _write_file(target, text.replace(PLACEHOLDER, name).encode("utf-8"))
    os.makedirs(os.path.join(chart_dir, "charts"), exist_ok=True)
    return chart_dir


def create_from_starter(name: str, directory: str, starter: str,
                        description: str = "A Helm chart for Kubernetes",
                        chart_type: str = "application") -> str:
    """Helm's CreateFrom: copy a starter chart, renamed, with ``<CHARTNAME>`` replaced.

    The defaults are the metadata ``helm create --starter`` gives; Helm's Go SDK callers
    often pass none (empty description and type).
    """
    from helmpy.chart.loader import load
    from helmpy.chart.metadata import validate_metadata
    from helmpy.chart.model import ChartFile, Metadata
    from helmpy.chart.save import save_dir

    validate_chart_name(name)
    try:
        chart = load(starter)
    except ChartError as err:
        raise ChartError(f"could not load {starter}: {err}") from err
    chart.metadata = Metadata(api_version="v2", name=name, description=description,
                              type=chart_type, version="0.1.0", app_version="0.1.0")
    validate_metadata(chart.metadata)
    chart.templates = [ChartFile(f.name, f.data.replace(PLACEHOLDER.encode(), name.encode()), f.mtime)
                       for f in chart.templates]
    chart.raw_files = [ChartFile(f.name, f.data.replace(PLACEHOLDER.encode(), name.encode()), f.mtime)
                       if f.name == "values.yaml" else f for f in chart.raw_files]
    return save_dir(chart, directory)


def _refuse_linked_directories(chart_dir: str, rel: str) -> None:
    """A directory inside the chart that is a link (``templates -> ~/.ssh``) would have the
    starter's files written wherever it points: refuse before writing anything."""
    current = chart_dir
    for part in rel.split("/")[:-1]:
        current = os.path.join(current, part)
        if os.path.islink(current):
            raise ChartError(f"refusing to write through symbolic link {current}")


def _write_file(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.islink(path):
        os.unlink(path)  # never write through a link planted in the target
    with open(path, "wb") as handle:
        handle.write(data)

"""``helm show chart|values|readme|crds|all``: a chart's parts as Helm prints them."""
from __future__ import annotations

from helmpy.chart.model import Chart, ChartFile
from helmpy.chart.yamlio import marshal_yaml

FORMATS = ("all", "chart", "values", "readme", "crds")
README_NAMES = ("readme.md", "readme.txt", "readme")


def find_readme(files: list[ChartFile]) -> ChartFile | None:
    """The first of the chart's files named README (.md/.txt), in any letter case."""
    for f in files:
        if f.name.lower() in README_NAMES:
            return f
    return None


def show(chart: Chart, output_format: str = "all") -> str:
    """Helm's action.Show.Run output for a loaded chart."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown show format {output_format!r}")
    out: list[str] = []
    show_all = output_format == "all"
    if output_format in ("chart", "all"):
        out.append(marshal_yaml(chart.metadata.to_json_dict()) + "\n")
    raw_values = chart.raw_file("values.yaml")
    if output_format in ("values", "all") and raw_values is not None:
        if show_all:
            out.append("---\n")
        out.append(_text(raw_values.data) + "\n")
    if output_format in ("readme", "all"):
        readme = find_readme(chart.files)
        if readme is not None:
            if show_all:
                out.append("---\n")
            out.append(_text(readme.data) + "\n")
    if output_format in ("crds", "all"):
        for crd in chart.crd_objects():
            if not crd.file.data.startswith(b"---"):
                out.append("---\n")
            out.append(_text(crd.file.data) + "\n")
    return "".join(out)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")

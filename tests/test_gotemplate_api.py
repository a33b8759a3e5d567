"""The TemplateSet API the engine uses, checked against Go text/template's documented rules
(template association, Funcs overriding builtins, missingkey=error, ExecError pieces)."""
from __future__ import annotations

import pytest

from helmpy.errors import RenderError
from helmpy.gotemplate import TemplateExecError, TemplateParseError, TemplateSet
from helmpy.gotemplate.gotypes import INTERFACE, STRING, FuncError, FuncSpec, Values


def upper_spec() -> FuncSpec:
    return FuncSpec("upper", lambda s: s.upper(), (STRING,))


def test_parse_defines_and_executes_by_name() -> None:
    ts = TemplateSet({})
    ts.parse("a.yaml", '{{ define "x" }}X{{ . }}{{ end }}[{{ template "x" 1 }}]')
    assert ts.has("a.yaml") and ts.has("x")
    assert ts.execute("a.yaml", None) == "[X1]"
    assert ts.execute("x", "d") == "Xd"


def test_later_non_empty_definition_replaces_and_empty_one_does_not() -> None:
    # Go's (*Template).associate: a redefinition replaces unless its body is empty.
    ts = TemplateSet({})
    ts.parse("one", '{{ define "x" }}first{{ end }}')
    ts.parse("two", '{{ define "x" }}second{{ end }}')
    assert ts.execute("x", None) == "second"
    ts.parse("three", '{{ define "x" }}  {{ end }}')
    assert ts.execute("x", None) == "second"


def test_multiple_definition_in_one_text_is_a_parse_error() -> None:
    ts = TemplateSet({})
    with pytest.raises(TemplateParseError) as err:
        ts.parse("f", '{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}')
    assert str(err.value) == 'template: f:1: template: multiple definition of template "x"'
    assert isinstance(err.value, RenderError)


def test_function_map_overrides_builtins() -> None:
    slicer = FuncSpec("slice", lambda *a: "mine", (), INTERFACE)
    ts = TemplateSet({"slice": slicer})
    ts.parse("t", '{{ slice "abc" 1 }}')
    assert ts.execute("t", None) == "mine"


def test_functions_added_after_construction_are_visible() -> None:
    ts = TemplateSet({})
    ts.funcs["upper"] = upper_spec()
    ts.parse("t", "{{ upper . }}")
    assert ts.execute("t", "x") == "X"


def test_clone_is_independent_of_later_parses() -> None:
    ts = TemplateSet({})
    ts.parse("base", '{{ define "x" }}base{{ end }}')
    clone = ts.clone()
    clone.parse("tpl", '{{ define "x" }}clone{{ end }}{{ template "x" }}')
    assert clone.execute("tpl", None) == "clone"
    assert ts.execute("x", None) == "base" and not ts.has("tpl")


def test_reentrant_execution_from_a_function() -> None:
    ts = TemplateSet({})

    def include(name: str, data: object) -> str:
        return ts.execute(name, data)

    ts.funcs["include"] = FuncSpec("include", include, (STRING, INTERFACE))
    ts.parse("t", '{{ define "inner" }}<{{ . }}>{{ end }}{{ include "inner" 1 }}'
                  '{{ include "inner" (include "inner" 2) }}')
    assert ts.execute("t", None) == "<1><<2>>"


def test_missing_key_zero_and_error() -> None:
    data = Values(Values=Values(a={"b": 1}))
    zero = TemplateSet({})
    zero.parse("t", "{{ .Values.nope }}|{{ .Values.a.zz }}")
    assert zero.execute("t", data) == "<no value>|<no value>"
    strict = TemplateSet({}, missing_key="error")
    strict.parse("t", "{{ .Values.a.zz }}")
    with pytest.raises(TemplateExecError) as err:
        strict.execute("t", data)
    assert err.value.message == 'map has no entry for key "zz"'
    strict.parse("u", "{{ $x := .Values.a.b.c }}")
    with pytest.raises(TemplateExecError) as err:
        strict.execute("u", data)
    assert err.value.message == "can't evaluate field c in type interface {}"


def test_exec_error_pieces_and_cause() -> None:
    def boom(value: object) -> str:
        raise FuncError("went wrong")

    ts = TemplateSet({"boom": FuncSpec("boom", boom, (INTERFACE,))})
    ts.parse("f.yaml", 'line1\n  {{ define "d" }}{{ boom . }}{{ end }}{{ template "d" 3 }}')
    with pytest.raises(TemplateExecError) as err:
        ts.execute("f.yaml", None)
    e = err.value
    assert (e.name, e.line, e.col, e.node_text, e.template_name) == ("f.yaml", 2, 21, "boom .",
                                                                     "d")
    assert e.func_name == "boom" and isinstance(e.__cause__, FuncError)
    assert str(e) == ('template: f.yaml:2:21: executing "d" at <boom .>: error calling boom: '
                      "went wrong")


def test_unknown_template_name() -> None:
    ts = TemplateSet({})
    with pytest.raises(RenderError) as err:
        ts.execute("nope", None)
    assert str(err.value) == 'template: no template "nope" associated with template "gotpl"'


def test_methods_and_struct_fields() -> None:
    from helmpy.gotemplate.gotypes import GoStruct

    class Thing(GoStruct):
        go_type = "*thing.Thing"
        go_methods = {"Twice": FuncSpec("Twice", lambda self, s: s * 2, (STRING,))}

        def __init__(self) -> None:
            self.Name = "n"

    ts = TemplateSet({})
    ts.parse("t", '{{ .T.Name }}|{{ .T.Twice "ab" }}|{{ "x" | .T.Twice }}')
    assert ts.execute("t", {"T": Thing()}) == "n|abab|xx"
    ts.parse("u", "{{ .T.Nope }}")
    with pytest.raises(TemplateExecError) as err:
        ts.execute("u", {"T": Thing()})
    assert err.value.message == "can't evaluate field Nope in type interface {}"


def test_compiled_code_is_cached_on_disk_and_reused(tmp_path, monkeypatch) -> None:
    from helmpy.gotemplate import codecache, compiler

    monkeypatch.setenv("HELMPY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(codecache, "_directory", False)
    text = '{{ printf "%d-%s" 3 . }}{{/* disk cache probe */}}'
    first = TemplateSet({})
    first.parse("a.yaml", text)
    files = list((tmp_path / "templates").rglob("*"))
    assert any(f.is_file() for f in files)
    for cache in (compiler._ENTRIES, compiler._FUNCTIONS, compiler._CACHE):
        for key in [k for k in cache if text in k]:
            del cache[key]
    second = TemplateSet({})
    second.parse("b.yaml", text)  # another name, same text: the cached code serves it
    assert second.execute("b.yaml", "x") == first.execute("a.yaml", "x") == "3-x"
    assert list((tmp_path / "templates").rglob("*")) == files


@pytest.mark.parametrize("template", [
    "{{ " + "(print " * 5000 + '"x"' + ")" * 5000 + " }}",
    "{{ range .l }}" * 40 + "x" + "{{ end }}" * 40,
    "{{ if true }}" * 3000 + "{{ end }}" * 3000,
])
def test_deep_nesting_is_a_clean_parse_error(template: str) -> None:
    # Go accepts these (up to 10000 levels); Python's parser and stack do not, so helmpy
    # must refuse them with an error rather than a crash or a traceback.
    ts = TemplateSet({})
    with pytest.raises(TemplateParseError):
        ts.parse("deep", template)


def test_legitimately_deep_template_recursion() -> None:
    # A recursive define walking a 300-level structure: Go manages (its limit is 100000),
    # so helmpy must too.
    ts = TemplateSet({})
    ts.parse("t", '{{ define "walk" }}{{ if .next }}{{ template "walk" .next }}{{ end }}'
                  '{{ .n }}{{ end }}{{ template "walk" . }}')
    data: dict = {"n": 0}
    for n in range(1, 300):
        data = {"n": n, "next": data}
    assert ts.execute("t", data) == "".join(str(n) for n in range(300))

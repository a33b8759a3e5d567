"""Sprig's regular-expression functions over Go's regexp semantics (RE2).

The plain forms compile with MustCompile, so a bad pattern is a panic whose text names
the pattern (``regexp: Compile(`(`): error parsing regexp: ...``); ``regexMatch`` is the
exception and quietly answers false. The ``must`` forms return the parse error itself.
"""
from __future__ import annotations

from helmpy.funcs.goregex import (
    GoRegexp,
    RegexpSyntaxError,
    compile_regexp,
    must_compile,
    quote_meta,
)
from helmpy.gotemplate.gotypes import INT, STRING, FuncError, FuncTable, StrList

FUNCS = FuncTable()


def _must(expr: str) -> GoRegexp:
    try:
        return must_compile(expr)
    except ValueError as err:
        raise FuncError(str(err)) from None


def _compiled(expr: str) -> GoRegexp:
    try:
        return compile_regexp(expr)
    except RegexpSyntaxError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("regexMatch", STRING, STRING)
def regex_match(expr: str, s: str) -> bool:
    try:
        return compile_regexp(expr).match_string(s)
    except RegexpSyntaxError:
        return False


@FUNCS.register("mustRegexMatch", STRING, STRING)
def must_regex_match(expr: str, s: str) -> bool:
    return _compiled(expr).match_string(s)


@FUNCS.register("regexFindAll", STRING, STRING, INT)
def regex_find_all(expr: str, s: str, n: int) -> StrList:
    return StrList(_must(expr).find_all_string(s, n))


@FUNCS.register("mustRegexFindAll", STRING, STRING, INT)
def must_regex_find_all(expr: str, s: str, n: int) -> StrList:
    return StrList(_compiled(expr).find_all_string(s, n))


@FUNCS.register("regexFind", STRING, STRING)
def regex_find(expr: str, s: str) -> str:
    return _must(expr).find_string(s)


@FUNCS.register("mustRegexFind", STRING, STRING)
def must_regex_find(expr: str, s: str) -> str:
    return _compiled(expr).find_string(s)


@FUNCS.register("regexReplaceAll", STRING, STRING, STRING)
def regex_replace_all(expr: str, s: str, repl: str) -> str:
    return _must(expr).replace_all_string(s, repl)


@FUNCS.register("mustRegexReplaceAll", STRING, STRING, STRING)
def must_regex_replace_all(expr: str, s: str, repl: str) -> str:
    return _compiled(expr).replace_all_string(s, repl)


@FUNCS.register("regexReplaceAllLiteral", STRING, STRING, STRING)
def regex_replace_all_literal(expr: str, s: str, repl: str) -> str:
    return _must(expr).replace_all_literal_string(s, repl)


@FUNCS.register("mustRegexReplaceAllLiteral", STRING, STRING, STRING)
def must_regex_replace_all_literal(expr: str, s: str, repl: str) -> str:
    return _compiled(expr).replace_all_literal_string(s, repl)


@FUNCS.register("regexSplit", STRING, STRING, INT)
def regex_split(expr: str, s: str, n: int) -> StrList:
    return StrList(_must(expr).split(s, n))


@FUNCS.register("mustRegexSplit", STRING, STRING, INT)
def must_regex_split(expr: str, s: str, n: int) -> StrList:
    return StrList(_compiled(expr).split(s, n))


@FUNCS.register("regexQuoteMeta", STRING)
def regex_quote_meta(s: str) -> str:
    return quote_meta(s)

"""huandu/xstrings' word-case conversions (Sprig's snakecase, kebabcase, camelcase).

xstrings splits text into typed words (upper-case runs, lower-case runs, numbers,
connectors, punctuation) and joins them with rules for abbreviations ("HTTPServer" ->
"http_server") and numbers ("Bld4Floor" -> "bld4_floor"); this is a rune-level port.
"""
from __future__ import annotations

from helmpy.funcs.gostrings import (
    is_letter,
    is_number,
    is_punct,
    is_space,
    is_upper,
    to_lower_rune,
    to_upper_rune,
)

_INVALID, _NUMBER, _UPPER, _ALPHA, _CONNECTOR, _PUNCT, _OTHER = range(7)


def _is_connector(ch: str) -> bool:
    return ch in "-_" or is_space(ch)


def _is_alphabet(ch: str) -> bool:
    """A letter that is not a CJK ideograph."""
    if not is_letter(ch):
        return False
    code = ord(ch)
    if code < 0x3400:
        return True
    if 0x4E00 <= code <= 0x9FCC or 0x3400 <= code <= 0x4D85 or 0x20000 <= code <= 0x2B81D:
        return False
    return True


def _is_invalid(ch: str) -> bool:
    # utf8.RuneError: U+FFFD itself or a byte that is not valid UTF-8.
    return ch == "\ufffd" or 0xDC80 <= ord(ch) <= 0xDCFF


def _next_word(s: str, pos: int) -> tuple[int, int]:
    """The type and end index of the word starting at s[pos]."""
    end = len(s)
    ch = s[pos]
    if _is_invalid(ch):
        return _INVALID, pos + 1
    i = pos + 1
    if _is_connector(ch):
        while i < end and _is_connector(s[i]):
            i += 1
        return _CONNECTOR, i
    if is_punct(ch):
        while i < end and is_punct(s[i]):
            i += 1
        return _PUNCT, i
    if is_upper(ch):
        if i >= end:
            return _UPPER, i
        if is_upper(s[i]):
            i += 1
            while i < end and is_upper(s[i]):
                i += 1
            # "HTTPStatus": the S belongs to the next word.
            if i < end and _is_alphabet(s[i]):
                i -= 1
        elif _is_alphabet(s[i]):
            i += 1
            while i < end and _is_alphabet(s[i]) and not is_upper(s[i]):
                i += 1
        return _UPPER, i
    if _is_alphabet(ch):
        while i < end and _is_alphabet(s[i]) and not is_upper(s[i]):
            i += 1
        return _ALPHA, i
    if is_number(ch):
        while i < end and is_number(s[i]):
            i += 1
        return _NUMBER, i
    while i < end:
        c = s[i]
        if _is_connector(c) or _is_alphabet(c) or is_number(c) or is_punct(c):
            break
        i += 1
    return _OTHER, i


def _emit(out: list[str], word_type: int, word: str, connector: str) -> None:
    if word_type not in (_UPPER, _CONNECTOR):
        out.append(word)
        return
    for ch in word:
        if _is_connector(ch):
            out.append(connector)
        elif is_upper(ch):
            out.append(to_lower_rune(ch))
        else:
            out.append(ch)


def to_snake_or_kebab(s: str, connector: str) -> str:
    """xstrings.ToSnakeCase / ToKebabCase."""
    if not s:
        return ""
    out: list[str] = []
    pos = 0
    end = len(s)

    def take() -> tuple[int, str]:
        nonlocal pos
        if pos >= end:
            return _INVALID, ""
        wt, stop = _next_word(s, pos)
        word = s[pos:stop]
        pos = stop
        return wt, word

    wt, word = take()
    while pos < end:
        if wt != _CONNECTOR:
            _emit(out, wt, word, connector)
        prev, last = wt, word
        wt, word = take()
        if prev == _NUMBER:
            while wt in (_ALPHA, _NUMBER):
                _emit(out, wt, word, connector)
                wt, word = take()
            if wt not in (_INVALID, _PUNCT, _CONNECTOR):
                out.append(connector)
        elif prev == _CONNECTOR:
            _emit(out, prev, last, connector)
        elif prev == _PUNCT:
            pass
        else:
            if wt != _NUMBER:
                if wt not in (_CONNECTOR, _PUNCT):
                    out.append(connector)
                continue
            if pos >= end:
                continue
            last = word
            wt, word = take()
            if wt != _ALPHA:
                _emit(out, _NUMBER, last, connector)
                if wt not in (_CONNECTOR, _PUNCT):
                    out.append(connector)
                continue
            out.append(connector)
            _emit(out, _NUMBER, last, connector)
            while wt in (_ALPHA, _NUMBER):
                _emit(out, wt, word, connector)
                wt, word = take()
            if wt not in (_INVALID, _CONNECTOR, _PUNCT):
                out.append(connector)
    _emit(out, wt, word, connector)
    return "".join(out)


def to_pascal_case(s: str) -> str:
    """xstrings.ToPascalCase (Sprig's camelcase): words split at space, '_' and '-'."""
    if not s:
        return ""
    out: list[str] = []
    runes = list(s)
    i = 0
    first_upper = False
    r0 = ""
    while i < len(runes):
        r0 = runes[i]
        i += 1
        if not _is_connector(r0):
            first_upper = is_upper(r0)
            r0 = to_upper_rune(r0)
            break
        out.append(r0)
    else:
        # Only connectors: xstrings writes the last one a second time.
        out.append(r0)
        return "".join(out)
    if i >= len(runes):
        out.append(r0)
        return "".join(out)
    while i < len(runes):
        r1 = r0
        r0 = runes[i]
        i += 1
        if _is_connector(r0) and _is_connector(r1):
            out.append(r1)
            continue
        if _is_connector(r1):
            first_upper = is_upper(r0)
            r0 = to_upper_rune(r0)
        else:
            if first_upper:
                if is_upper(r0):
                    r0 = to_lower_rune(r0)
                else:
                    first_upper = False
            out.append(r1)
    out.append(r0)
    return "".join(out)

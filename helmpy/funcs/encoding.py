"""Sprig's base64/base32 functions with Go's decoders (errors are returned as the text).

Go strings are bytes: helmpy carries bytes that are not UTF-8 as surrogate escapes, so
text is encoded with ``surrogateescape`` before encoding and decoded the same way after.
"""
from __future__ import annotations

import base64

from helmpy.gotemplate.gotypes import STRING, FuncTable

FUNCS = FuncTable()

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B32_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B64_INDEX = {c: i for i, c in enumerate(_B64_ALPHABET)}
_B32_INDEX = {c: i for i, c in enumerate(_B32_ALPHABET)}
_PAD = ord("=")
_NEWLINES = (ord("\n"), ord("\r"))


class CorruptInput(ValueError):
    def __init__(self, kind: str, offset: int) -> None:
        super().__init__(f"illegal {kind} data at input byte {offset}")


def go_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def go_string(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def b64_decode(src: bytes) -> bytes:
    """base64.StdEncoding.DecodeString: Go's strict padding, newlines ignored."""
    out = bytearray()
    si = 0
    length = len(src)
    while True:
        quantum: list[int] = []
        used = 4
        j = 0
        while j < 4:
            if si == length:
                if j == 0:
                    return bytes(out)
                raise CorruptInput("base64", si - j)
            char = src[si]
            si += 1
            value = _B64_INDEX.get(char)
            if value is not None:
                quantum.append(value)
                j += 1
                continue
            if char in _NEWLINES:
                continue
            if char != _PAD or j < 2:
                raise CorruptInput("base64", si - 1)
            if j == 2:
                # "==" expected: the first "=" is consumed already
                while si < length and src[si] in _NEWLINES:
                    si += 1
                if si == length:
                    raise CorruptInput("base64", length)
                if src[si] != _PAD:
                    raise CorruptInput("base64", si - 1)
                si += 1
            while si < length and src[si] in _NEWLINES:
                si += 1
            if si < length:
                raise CorruptInput("base64", si)  # trailing garbage after padding
            used = j
            break
        bits = 0
        for value in quantum + [0] * (4 - len(quantum)):
            bits = (bits << 6) | value
        out.extend(bits.to_bytes(3, "big")[: used - 1])
        if used < 4:
            return bytes(out)


def b32_decode(text: bytes) -> bytes:
    """base32.StdEncoding.DecodeString (newlines stripped first, as Go does)."""
    src = bytes(c for c in text if c not in _NEWLINES)
    olen = len(src)
    out = bytearray()
    pos = 0
    end = False
    while pos < olen and not end:
        quantum: list[int] = []
        used = 8
        j = 0
        while j < 8:
            if pos == olen:
                raise CorruptInput("base32", olen - (olen - pos) - j)
            char = src[pos]
            pos += 1
            remaining = olen - pos
            if char == _PAD and j >= 2 and remaining < 8:
                if remaining + j < 7:
                    raise CorruptInput("base32", olen)
                for k in range(7 - j):
                    if remaining > k and src[pos + k] != _PAD:
                        raise CorruptInput("base32", olen - remaining + k - 1)
                used, end = j, True
                if used in (1, 3, 6):
                    raise CorruptInput("base32", olen - remaining - 1)
                break
            value = _B32_INDEX.get(char)
            if value is None:
                raise CorruptInput("base32", olen - remaining - 1)
            quantum.append(value)
            j += 1
        bits = 0
        for value in quantum + [0] * (8 - len(quantum)):
            bits = (bits << 5) | value
        produced = {8: 5, 7: 4, 5: 3, 4: 2, 2: 1}[used]
        out.extend(bits.to_bytes(5, "big")[:produced])
    return bytes(out)


@FUNCS.register("b64enc", STRING)
def b64enc(text: str) -> str:
    return base64.b64encode(go_bytes(text)).decode("ascii")


@FUNCS.register("b64dec", STRING)
def b64dec(text: str) -> str:
    try:
        return go_string(b64_decode(go_bytes(text)))
    except CorruptInput as err:
        return str(err)


@FUNCS.register("b32enc", STRING)
def b32enc(text: str) -> str:
    return base64.b32encode(go_bytes(text)).decode("ascii")


@FUNCS.register("b32dec", STRING)
def b32dec(text: str) -> str:
    try:
        return go_string(b32_decode(go_bytes(text)))
    except CorruptInput as err:
        return str(err)

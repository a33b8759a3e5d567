"""Sprig's random strings, bytes and UUIDs, from the operating system's CSPRNG."""
from __future__ import annotations

import base64
import secrets
import string
import uuid

from helmpy.gotemplate.gotypes import INT, FuncError, FuncTable

FUNCS = FuncTable()

_ALPHA = string.ascii_letters
_NUMERIC = string.digits
_ALPHANUMERIC = string.ascii_letters + string.digits
_ASCII = "".join(chr(code) for code in range(32, 127))  # goutils: printable ASCII


def _random_string(count: int, alphabet: str) -> str:
    # goutils returns an error (which Sprig drops) for a negative count
    if count <= 0:
        return ""
    return "".join(secrets.choice(alphabet) for _ in range(count))


@FUNCS.register("randAlphaNum", INT)
def rand_alpha_num(count: int) -> str:
    return _random_string(count, _ALPHANUMERIC)


@FUNCS.register("randAlpha", INT)
def rand_alpha(count: int) -> str:
    return _random_string(count, _ALPHA)


@FUNCS.register("randNumeric", INT)
def rand_numeric(count: int) -> str:
    return _random_string(count, _NUMERIC)


@FUNCS.register("randAscii", INT)
def rand_ascii(count: int) -> str:
    return _random_string(count, _ASCII)


@FUNCS.register("randBytes", INT)
def rand_bytes(count: int) -> str:
    if count < 0:
        raise FuncError("runtime error: makeslice: len out of range")
    return base64.b64encode(secrets.token_bytes(count)).decode("ascii")


@FUNCS.register("uuidv4")
def uuidv4() -> str:
    return str(uuid.uuid4())

"""Sprig's base64/base32 functions in helmpy against Helm's rendering of the same calls."""
from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helmpy.funcs import encoding
from tests.batch_differential import assert_same_as_helm, literal

pytest.importorskip("helm_python")

INPUTS = ["", "hello", "héllo wörld", "a?b>c", "\x00\x01", "\U0001F680", "x" * 100]
B64_DECODE = ["YWJj", "YWJj=", "YW", "Y", "YW==YW==", "YW=x", "YW\nJj", "!", "YWI=", "YWJ=",
              "YW==", "YW=", "YWJjZA==\n", "YWJjZA==x", "YWJjZA=\r\n=", "YWJjZA\n==", "====",
              "Zm9v\r\nYmFy", "/+/+", "-_-_", "aGk", "aGk=\n\n", "AA==AA==", "w6k="]
B32_DECODE = ["NBSWY3DP", "NBSWY3D", "NBSWY3D=", "nbswy3dp", "MY======", "MY=====",
              "M=======", "MZXQ====", "1", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======",
              "MZXW6YTBOI=====", "MZ\nXW6===", "MZXW6==x", "MZXW6YTBOI======MY======", ""]


def test_encoders_match_helm() -> None:
    cases = []
    for text in INPUTS:
        cases.append((f"b64enc {literal(text)}", lambda t=text: encoding.b64enc(t)))
        cases.append((f"b32enc {literal(text)}", lambda t=text: encoding.b32enc(t)))
    assert_same_as_helm(cases)


def test_decoders_match_helm() -> None:
    cases = [(f"b64dec {literal(t)}", lambda t=t: encoding.b64dec(t)) for t in B64_DECODE]
    cases += [(f"b32dec {literal(t)}", lambda t=t: encoding.b32dec(t)) for t in B32_DECODE]
    assert_same_as_helm(cases)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=40))
def test_round_trips_agree_with_python(data: bytes) -> None:
    assert encoding.b64_decode(base64.b64encode(data)) == data
    assert encoding.b32_decode(base64.b32encode(data)) == data


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="AB=\nMZXW6Y234a!", max_size=12), min_size=1, max_size=10))
def test_generated_decodes_match_helm(texts: list[str]) -> None:
    cases = [(f"b64dec {literal(t)}", lambda t=t: encoding.b64dec(t)) for t in texts]
    cases += [(f"b32dec {literal(t)}", lambda t=t: encoding.b32dec(t)) for t in texts]
    assert_same_as_helm(cases)

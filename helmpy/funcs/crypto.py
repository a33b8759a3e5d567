"""Sprig's hashing, password, AES, key and certificate functions (crypto.go).

Keys and certificates are real (the ``cryptography`` package, imported lazily); their
PEM shapes and X.509 contents follow Go's crypto/x509 as Sprig drives it.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import zlib
from typing import Any

from helmpy.funcs.certs import (
    CERTIFICATE,
    Certificate,
    build_custom_cert,
    generate_ca,
    generate_self_signed,
    generate_signed,
    private_key_pem,
)
from helmpy.funcs.encoding import CorruptInput, b64_decode, go_bytes, go_string
from helmpy.gotemplate.gotypes import INT, LIST, STRING, FuncError, FuncTable

FUNCS = FuncTable()
UINT32 = "uint32"


# --- digests ----------------------------------------------------------------------------


@FUNCS.register("sha1sum", STRING)
def sha1sum(text: str) -> str:
    return hashlib.sha1(go_bytes(text)).hexdigest()


@FUNCS.register("sha256sum", STRING)
def sha256sum(text: str) -> str:
    return hashlib.sha256(go_bytes(text)).hexdigest()


@FUNCS.register("sha512sum", STRING)
def sha512sum(text: str) -> str:
    return hashlib.sha512(go_bytes(text)).hexdigest()


@FUNCS.register("adler32sum", STRING)
def adler32sum(text: str) -> str:
    return str(zlib.adler32(go_bytes(text)))


# --- passwords -----------------------------------------------------------------------------


def _bcrypt_hash(password: bytes) -> str:
    import bcrypt as bcrypt_lib

    if len(password) > 72:
        return ("failed to encrypt string with bcrypt: "
                "bcrypt: password length exceeds 72 bytes")
    # Go's bcrypt writes the $2a$ prefix at DefaultCost 10.
    return bcrypt_lib.hashpw(password, bcrypt_lib.gensalt(rounds=10, prefix=b"2a")).decode()


@FUNCS.register("bcrypt", STRING)
def bcrypt(text: str) -> str:
    return _bcrypt_hash(go_bytes(text))


@FUNCS.register("htpasswd", STRING, STRING)
def htpasswd(username: str, password: str) -> str:
    if ":" in username:
        return f"invalid username: {username}"
    return f"{username}:{_bcrypt_hash(go_bytes(password))}"


_MASTER_PASSWORD_SEED = b"com.lyndir.masterpassword"
_TEMPLATE_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_PASSWORD_TEMPLATES = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": [
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv",
        "CvccCvcvnoCvcv", "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv",
        "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
        "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc",
        "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}


@FUNCS.register("derivePassword", UINT32, STRING, STRING, STRING, STRING)
def derive_password(counter: int, password_type: str, password: str, user: str,
                    site: str) -> str:
    """The Master Password algorithm (scrypt key, HMAC-SHA256 seed, character templates)."""
    templates = _PASSWORD_TEMPLATES.get(password_type)
    if templates is None:
        return f"cannot find password template {password_type}"
    user_bytes, site_bytes = go_bytes(user), go_bytes(site)
    salt = _MASTER_PASSWORD_SEED + len(user_bytes).to_bytes(4, "big") + user_bytes
    key = hashlib.scrypt(go_bytes(password), salt=salt, n=32768, r=8, p=2, dklen=64,
                         maxmem=64 * 1024 * 1024)
    seed_input = (_MASTER_PASSWORD_SEED + len(site_bytes).to_bytes(4, "big") + site_bytes
                  + (int(counter) & 0xFFFFFFFF).to_bytes(4, "big"))
    seed = hmac.new(key, seed_input, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    chars = []
    for position, klass in enumerate(template):
        alphabet = _TEMPLATE_CHARACTERS[klass]
        chars.append(alphabet[seed[position + 1] % len(alphabet)])
    return "".join(chars)


# --- AES ----------------------------------------------------------------------------------


def _aes_key(password: str) -> bytes:
    return (go_bytes(password) + b"\0" * 32)[:32]


@FUNCS.register("encryptAES", STRING, STRING)
def encrypt_aes(password: str, plaintext: str) -> str:
    """AES-256-CBC with PKCS#7 padding and a random IV in front, base64 encoded."""
    if plaintext == "":
        return ""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    content = go_bytes(plaintext)
    padding = 16 - len(content) % 16
    content += bytes([padding]) * padding
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
    sealed = iv + encryptor.update(content) + encryptor.finalize()
    return base64.b64encode(sealed).decode("ascii")


@FUNCS.register("decryptAES", STRING, STRING)
def decrypt_aes(password: str, crypt64: str) -> str:
    if crypt64 == "":
        return ""
    try:
        crypt = b64_decode(go_bytes(crypt64))
    except CorruptInput as err:
        raise FuncError(str(err)) from None
    if len(crypt) < 16:
        raise FuncError(f"runtime error: slice bounds out of range [:16] with capacity {len(crypt)}")
    iv, body = crypt[:16], crypt[16:]
    if len(body) % 16:
        raise FuncError("crypto/cipher: input not full blocks")
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).decryptor()
    plain = decryptor.update(body) + decryptor.finalize()
    if not plain:
        raise FuncError("runtime error: index out of range [-1]")
    # Sprig trusts the last byte as the padding length, as Go slices would
    cut = len(plain) - plain[-1]
    if cut < 0:
        raise FuncError(f"runtime error: slice bounds out of range [:{cut}]")
    return go_string(plain[:cut])


# --- keys and certificates ---------------------------------------------------------------


@FUNCS.register("genPrivateKey", STRING)
def gen_private_key(key_type: str) -> str:
    return private_key_pem(key_type)


def _certificate_call(call: Any, *args: Any) -> Certificate:
    try:
        return call(*args)
    except ValueError as err:
        raise FuncError(str(err)) from None


@FUNCS.register("buildCustomCert", STRING, STRING)
def build_custom_certificate(b64cert: str, b64key: str) -> Certificate:
    return _certificate_call(build_custom_cert, b64cert, b64key)


@FUNCS.register("genCA", STRING, INT)
def gen_ca(common_name: str, days: int) -> Certificate:
    return _certificate_call(generate_ca, common_name, days, None)


@FUNCS.register("genCAWithKey", STRING, INT, STRING)
def gen_ca_with_key(common_name: str, days: int, key_pem: str) -> Certificate:
    return _certificate_call(generate_ca, common_name, days, key_pem)


@FUNCS.register("genSelfSignedCert", STRING, LIST, LIST, INT)
def gen_self_signed_cert(common_name: str, ips: list | None, dns: list | None,
                         days: int) -> Certificate:
    return _certificate_call(generate_self_signed, common_name, ips, dns, days, None)


@FUNCS.register("genSelfSignedCertWithKey", STRING, LIST, LIST, INT, STRING)
def gen_self_signed_cert_with_key(common_name: str, ips: list | None, dns: list | None,
                                  days: int, key_pem: str) -> Certificate:
    return _certificate_call(generate_self_signed, common_name, ips, dns, days, key_pem)


@FUNCS.register("genSignedCert", STRING, LIST, LIST, INT, CERTIFICATE)
def gen_signed_cert(common_name: str, ips: list | None, dns: list | None, days: int,
                    ca: Certificate) -> Certificate:
    return _certificate_call(generate_signed, common_name, ips, dns, days, ca, None)


@FUNCS.register("genSignedCertWithKey", STRING, LIST, LIST, INT, CERTIFICATE, STRING)
def gen_signed_cert_with_key(common_name: str, ips: list | None, dns: list | None, days: int,
                             ca: Certificate, key_pem: str) -> Certificate:
    return _certificate_call(generate_signed, common_name, ips, dns, days, ca, key_pem)

"""Private keys and X.509 certificates as Sprig makes them with Go's crypto/x509.

``cryptography`` is imported inside the functions: rendering charts that never call
these must not pay for it.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress
import re
import secrets
from typing import Any, ClassVar

from helmpy.funcs.encoding import CorruptInput, b64_decode, go_bytes, go_string
from helmpy.gotemplate.gofmt import format_value
from helmpy.gotemplate.gotypes import GoStruct

CERTIFICATE = "sprig.certificate"


class Certificate(GoStruct):
    """Sprig's ``certificate`` struct: PEM ``Cert`` and ``Key``."""

    go_type: ClassVar[str] = CERTIFICATE
    go_fields: ClassVar[tuple[str, ...]] = ("Cert", "Key")

    def __init__(self, cert: str, key: str) -> None:
        self.Cert = cert
        self.Key = key

    def __repr__(self) -> str:
        return "Certificate(...)"


_PEM_BLOCK = re.compile(
    r"-----BEGIN ([^\n-]*)-----\r?\n(.*?)-----END \1-----", re.DOTALL
)


def pem_decode(text: str) -> tuple[str, bytes] | None:
    """The first PEM block (type, DER bytes), as encoding/pem.Decode finds it."""
    for match in _PEM_BLOCK.finditer(text):
        body = match.group(2)
        # headers ("Proc-Type: ...") end at a blank line; Go skips them
        if ":" in body.split("\n", 1)[0]:
            body = body.split("\n\n", 1)[-1]
        try:
            return match.group(1), base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            continue
    return None


def key_pem(key: Any) -> str:
    """Sprig's pemBlockForKey: PKCS#1 RSA, SEC1 EC, OpenSSL DSA, PKCS#8 otherwise."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

    encoding = serialization.Encoding.PEM
    none = serialization.NoEncryption()
    if isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | dsa.DSAPrivateKey):
        fmt = serialization.PrivateFormat.TraditionalOpenSSL
    else:
        fmt = serialization.PrivateFormat.PKCS8
    return key.private_bytes(encoding, fmt, none).decode("ascii")


def private_key_pem(key_type: str) -> str:
    """Sprig's genPrivateKey."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    if key_type in ("", "rsa"):
        key: Any = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    elif key_type == "dsa":
        key = dsa.generate_private_key(key_size=2048)
    elif key_type == "ecdsa":
        key = ec.generate_private_key(ec.SECP256R1())
    elif key_type == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        return "Unknown type " + key_type
    return key_pem(key)


def parse_private_key_pem(text: str) -> Any:
    """Sprig's parsePrivateKeyPEM; raises ValueError with its messages."""
    from cryptography.hazmat.primitives import serialization

    block = pem_decode(text)
    if block is None:
        raise ValueError("no PEM data in input")
    block_type, der = block
    if block_type == "PRIVATE KEY":
        what = "decoding PEM as PKCS#8"
    elif not block_type.endswith(" PRIVATE KEY"):
        raise ValueError(f"no private key data in PEM block of type {block_type}")
    else:
        kind = block_type[: -len(" PRIVATE KEY")]
        if kind not in ("RSA", "EC", "DSA"):
            raise ValueError(f"invalid private key type {block_type}")
        what = f"parsing {kind} private key from PEM"
    try:
        return serialization.load_der_private_key(der, password=None)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{what}: {err}") from None


def _ips(values: list | None) -> list[Any]:
    result = []
    for value in values or []:
        if not isinstance(value, str):
            raise ValueError(f"error parsing ip: {format_value(value)} is not a string")
        try:
            if "%" in value:
                raise ValueError
            address = ipaddress.ip_address(value)
        except ValueError:
            raise ValueError(f"error parsing ip: {value}") from None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped  # Go writes IPv4 addresses in 4 bytes
        result.append(address)
    return result


def _dns_names(values: list | None) -> list[str]:
    names = []
    for value in values or []:
        if not isinstance(value, str):
            raise ValueError(
                f"error processing alternate dns name: {format_value(value)} is not a string"
            )
        names.append(value)
    return names


_PRINTABLE = re.compile(r"[A-Za-z0-9 '()+,\-./:=?*&]*\Z")


def _subject(common_name: str) -> Any:
    from cryptography import x509
    from cryptography.x509.name import _ASN1Type
    from cryptography.x509.oid import NameOID

    if common_name == "":
        return x509.Name([])
    # encoding/asn1 writes a PrintableString when it can, UTF8String otherwise
    kind = _ASN1Type.PrintableString if _PRINTABLE.match(common_name) else _ASN1Type.UTF8String
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name, _type=kind)])


def _public_key(key: Any) -> Any:
    return key.public_key()


def _sign(builder: Any, signing_key: Any) -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(signing_key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        return builder.sign(signing_key, None)
    if isinstance(signing_key, ec.EllipticCurvePrivateKey):
        digest = {256: hashes.SHA256(), 384: hashes.SHA384()}.get(
            signing_key.curve.key_size, hashes.SHA512()
        )
        return builder.sign(signing_key, digest)
    if isinstance(signing_key, rsa.RSAPrivateKey):
        return builder.sign(signing_key, hashes.SHA256())
    raise ValueError(
        "error creating certificate: x509: certificate private key does not implement "
        "crypto.Signer"
    )


def _certificate(common_name: str, ips: list | None, dns: list | None, days: int,
                 signee_key: Any, issuer: Any | None, signing_key: Any,
                 is_ca: bool = False) -> Certificate:
    """getBaseCertTemplate + getCertAndKey: sign the template, PEM both halves."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID

    addresses = _ips(ips)
    names = _dns_names(dns)
    now = datetime.datetime.now(datetime.UTC)
    subject = _subject(common_name)
    issuer_name = issuer.subject if issuer is not None else subject
    public_key = _public_key(signee_key)
    builder = (
        x509.CertificateBuilder()
        .serial_number(secrets.randbelow(2**128 - 1) + 1)
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=is_ca,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                   ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if is_ca:
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False
        )
    if issuer is not None and issuer.subject != subject:
        try:
            ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier(ski.digest, None, None), critical=False
            )
        except x509.ExtensionNotFound:
            pass
    if names or addresses:
        general = [x509.DNSName(n) for n in names] + [x509.IPAddress(a) for a in addresses]
        # Go marks the SAN extension critical when the subject is empty
        builder = builder.add_extension(x509.SubjectAlternativeName(general),
                                        critical=common_name == "")
    cert = _sign(builder, signing_key)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return Certificate(cert_pem, key_pem(signee_key))


def _rsa_2048() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_or_new(key_text: str | None) -> Any:
    if key_text is None:
        return _rsa_2048()
    try:
        return parse_private_key_pem(key_text)
    except ValueError as err:
        raise ValueError(f"parsing private key: {err}") from None


def generate_ca(common_name: str, days: int, key_text: str | None) -> Certificate:
    key = _key_or_new(key_text)
    return _certificate(common_name, None, None, days, key, None, key, is_ca=True)


def generate_self_signed(common_name: str, ips: list | None, dns: list | None, days: int,
                         key_text: str | None) -> Certificate:
    key = _key_or_new(key_text)
    _ips(ips)
    _dns_names(dns)
    return _certificate(common_name, ips, dns, days, key, None, key)


def _parse_certificate(text: str, what: str) -> Any:
    from cryptography import x509

    block = pem_decode(text)
    if block is None:
        raise ValueError("unable to decode certificate")
    try:
        return x509.load_der_x509_certificate(block[1])
    except ValueError as err:
        raise ValueError(f"error parsing certificate: {what}: {err}") from None


def generate_signed(common_name: str, ips: list | None, dns: list | None, days: int,
                    ca: Certificate, key_text: str | None) -> Certificate:
    key = _key_or_new(key_text)
    signer_cert = _parse_certificate(ca.Cert, "decodedSignerCert.Bytes")
    try:
        signer_key = parse_private_key_pem(ca.Key)
    except ValueError as err:
        raise ValueError(f"error parsing private key: {err}") from None
    return _certificate(common_name, ips, dns, days, key, signer_cert, signer_key)


def build_custom_cert(b64cert: str, b64key: str) -> Certificate:
    """Sprig's buildCustomCert: validate a base64 PEM certificate and key pair."""
    try:
        cert = b64_decode(go_bytes(b64cert))
    except CorruptInput:
        raise ValueError("unable to decode base64 certificate") from None
    try:
        key = b64_decode(go_bytes(b64key))
    except CorruptInput:
        raise ValueError("unable to decode base64 private key") from None
    cert_text, key_text = go_string(cert), go_string(key)
    _parse_certificate(cert_text, "decodedCert.Bytes")
    try:
        parse_private_key_pem(key_text)
    except ValueError as err:
        raise ValueError(f"error parsing private key: {err}") from None
    return Certificate(cert_text, key_text)

"""Chart provenance (.prov files): OpenPGP clearsigned metadata plus the archive's sha256.

Signing and signature checks run the real ``gpg`` through python-gnupg, inside a throwaway
GNUPGHOME that holds only the keyring the user named, so the user's own keyring and trust
database are never read or changed. Keyrings are binary OpenPGP packet streams
(``gpg --export`` / ``--export-secret-keys``), the only form Helm 4.2.3 reads.

Public functions: :func:`sign_archive`, :func:`verify_archive`, :func:`verify_chart` (Helm's
checks and messages around a file path), :func:`message_block`, :func:`parse_message_block`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helmpy.errors import HelmpyError


class ProvenanceError(HelmpyError):
    """Signing or verification failed (messages follow Helm's)."""


@dataclass
class Verification:
    signed_by: list[str] = field(default_factory=list)
    fingerprint: str = ""
    file_hash: str = ""
    file_name: str = ""

    def report(self) -> str:
        """What ``helm verify`` prints on success."""
        lines = [f"Signed by: {name}" for name in self.signed_by]
        lines.append(f"Using Key With Fingerprint: {self.fingerprint}")
        lines.append(f"Chart Hash Verified: {self.file_hash}")
        return "\n".join(lines) + "\n"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def message_block(archive_data: bytes, filename: str, metadata_yaml: str) -> str:
    """The signed body: Chart.yaml metadata, the ``...`` separator, then ``files:`` sums."""
    from helmpy.repoformat import yamlio

    sums = yamlio.dump({"files": {filename: "sha256:" + sha256_hex(archive_data)}})
    return metadata_yaml + "\n...\n" + sums


def parse_message_block(plaintext: str) -> dict[str, str]:
    """The ``files`` map from a signed body (metadata is ignored, as Helm ignores it)."""
    from helmpy.repoformat import yamlio

    parts = plaintext.split("\n...\n")
    if len(parts) < 2:
        raise ProvenanceError("message block must have at least two parts")
    try:
        doc = yamlio.load_text_scalars(parts[1])
    except yamlio.YAMLError as err:
        raise ProvenanceError(f"error converting YAML to JSON: {err}") from err
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def _metadata_yaml(archive_path: Path) -> str:
    from helmpy.repoformat import yamlio
    from helmpy.repoformat.chartsource import read_archive_metadata
    from helmpy.repoformat.metadata import metadata_to_go

    return yamlio.dump(metadata_to_go(read_archive_metadata(archive_path)))


def sign_archive(archive: str | os.PathLike[str], key: str, keyring: str | os.PathLike[str],
                 passphrase_file: str | os.PathLike[str] | None = None,
                 passphrase: str | None = None) -> Path:
    """Clearsign a packaged chart; writes and returns ``ARCHIVE.prov`` (``helm package --sign``).

    ``key`` picks the signing identity like Helm: an exact user id, else the one user id that
    contains it. ``keyring`` is a binary secret keyring (gpg --export-secret-keys).
    """
    from helmpy.provenance import gpgbox

    path = Path(archive)
    data = path.read_bytes()
    if passphrase is None and passphrase_file is not None:
        passphrase = read_passphrase_file(passphrase_file)
    body = message_block(data, path.name, _metadata_yaml(path))
    with gpgbox.Box(keyring) as box:
        fingerprint = box.find_signing_key(key)
        signed = box.clearsign(body, fingerprint, passphrase)
    prov = path.with_name(path.name + ".prov")
    prov.write_text(signed)
    return prov


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """First line of a passphrase file, like Helm's --passphrase-file."""
    if str(path) == "-":
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    text = Path(path).read_text()
    return text.split("\n", 1)[0].rstrip("\r")


def verify_archive(archive_data: bytes, prov_data: bytes, filename: str,
                   keyring: str | os.PathLike[str]) -> Verification:
    """Helm's Signatory.Verify: the signature first, then the archive's sum in the body."""
    from helmpy.provenance import gpgbox

    text = prov_data.decode("utf-8", "replace")
    if "-----BEGIN PGP SIGNED MESSAGE-----" not in text:
        raise ProvenanceError("signature block not found")
    with gpgbox.Box(keyring, secret=False) as box:
        result = box.verify_clearsigned(text)
    verification = Verification(signed_by=result.identities, fingerprint=result.fingerprint)
    sums = parse_message_block(result.plaintext)
    digest = "sha256:" + sha256_hex(archive_data)
    expected = sums.get(filename)
    if expected is None:
        raise ProvenanceError(
            f'provenance does not contain a SHA for a file named "{filename}"')
    if expected != digest:
        raise ProvenanceError(
            f'sha256 sum does not match for {filename}: "{expected}" != "{digest}"')
    verification.file_hash = digest
    verification.file_name = filename
    return verification


def verify_chart(path: str | os.PathLike[str], keyring: str | os.PathLike[str],
                 provfile: str | os.PathLike[str] | None = None) -> Verification:
    """Helm's VerifyChart: a .tgz with its .prov; fails closed on anything missing."""
    chart = Path(path)
    if not chart.exists():
        raise ProvenanceError(f"stat {path}: no such file or directory")
    if chart.is_dir():
        raise ProvenanceError("unpacked charts cannot be verified")
    if chart.suffix.lower() != ".tgz":
        raise ProvenanceError("chart must be a tgz file")
    prov = Path(provfile) if provfile else chart.with_name(chart.name + ".prov")
    if not prov.is_file():
        raise ProvenanceError(f"could not load provenance file {prov}: stat {prov}: "
                              "no such file or directory")
    if not Path(keyring).is_file():
        raise ProvenanceError(f"failed to load keyring: open {keyring}: "
                              "no such file or directory")
    return verify_archive(chart.read_bytes(), prov.read_bytes(), chart.name, keyring)


def default_keyring() -> str:
    """Helm's default: ~/.gnupg/pubring.gpg (GNUPGHOME is honoured)."""
    home = os.environ.get("GNUPGHOME") or os.path.join(os.path.expanduser("~"), ".gnupg")
    return os.path.join(home, "pubring.gpg")


def signing_hook(archive: str | os.PathLike[str], options: dict[str, Any]) -> Path:
    """For ``helmpy package --sign``: options hold key, keyring, passphrase_file."""
    return sign_archive(archive, key=str(options.get("key") or ""),
                        keyring=options.get("keyring") or default_keyring(),
                        passphrase_file=options.get("passphrase_file"))

"""A throwaway GnuPG home holding one keyring, driven through python-gnupg (imported lazily).

Every operation gets its own temporary GNUPGHOME; the agent gpg may start for secret keys is
stopped and the directory removed on exit, so nothing leaks between calls or into the user's
own ~/.gnupg.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from helmpy.provenance import ProvenanceError

# Helm 4.2.3 reads keyrings with openpgp.ReadKeyRing: a binary packet stream only. Armored
# exports and GnuPG keyboxes fail there with this message, and helmpy matches that.
NOT_BINARY_KEYRING = "openpgp: invalid data: tag byte does not have MSB set"


@dataclass
class SignatureCheck:
    plaintext: str
    fingerprint: str
    identities: list[str] = field(default_factory=list)


class Box:
    """``with Box(keyring) as box:`` imports the keyring into a private, temporary GNUPGHOME."""

    def __init__(self, keyring: str | os.PathLike[str], secret: bool = True) -> None:
        self.keyring = Path(keyring)
        self.secret = secret
        self.prefix = "" if secret else "failed to load keyring: "
        self.home = ""
        self.gpg: Any = None

    def __enter__(self) -> Box:
        import gnupg

        try:
            data = self.keyring.read_bytes()
        except OSError as err:
            raise ProvenanceError(f"open {self.keyring}: {err.strerror.lower()}") from err
        if not data:
            raise ProvenanceError(f"{self.prefix}openpgp: no keys found")
        if not data[0] & 0x80:
            raise ProvenanceError(self.prefix + NOT_BINARY_KEYRING)
        # gpg-agent puts its socket in GNUPGHOME; keep the path short (sockets max ~107 bytes).
        parent = tempfile.gettempdir()
        if len(parent) > 60 and os.path.isdir("/tmp"):
            parent = "/tmp"
        self.home = tempfile.mkdtemp(prefix="helmpy-gpg-", dir=parent)
        os.chmod(self.home, 0o700)
        self.gpg = gnupg.GPG(gnupghome=self.home)
        # Status lines are %-escaped ASCII; messages are passed and read as UTF-8 bytes here.
        self.gpg.encoding = "latin-1"
        result = self.gpg.import_keys(data, extra_args=["--batch"])
        if not result.fingerprints:
            self.__exit__(None, None, None)
            raise ProvenanceError(f"failed to load keyring: no keys found in {self.keyring}")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.home:
            gpgconf = shutil.which("gpgconf")
            if gpgconf:
                subprocess.run([gpgconf, "--homedir", self.home, "--kill", "all"],
                               capture_output=True, check=False, timeout=10)
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = ""

    # -- signing --------------------------------------------------------------------------
    def find_signing_key(self, wanted: str) -> str:
        """Helm's NewFromKeyring selection: an exact user id, else the single containing one."""
        keys = self.gpg.list_keys(secret=True)
        if not keys:
            raise ProvenanceError("provided key is not a private key. Try providing a keyring "
                                  "with secret keys")
        candidate = ""
        vague = False
        for key in keys:
            for uid in key.get("uids", []):
                if uid == wanted:
                    return str(key["fingerprint"])
                if wanted in uid:
                    if candidate and candidate != key["fingerprint"]:
                        vague = True
                    candidate = str(key["fingerprint"])
        if vague:
            raise ProvenanceError(f'more than one key contain the id "{wanted}"')
        if not candidate:
            raise ProvenanceError("private key not found")
        return candidate

    def clearsign(self, body: str, fingerprint: str, passphrase: str | None) -> str:
        signed = self.gpg.sign(body.encode("utf-8"), keyid=fingerprint, clearsign=True, passphrase=passphrase,
                               extra_args=["--digest-algo", "SHA512", "--batch"])
        text = (signed.data or b"").decode("utf-8", "replace")
        # gpg writes the clearsign header and body before it signs, so a failure can still
        # leave partial output: success is a SIG_CREATED status and a complete block.
        created = bool(getattr(signed, "fingerprint", None))
        if not created or "-----END PGP SIGNATURE-----" not in text:
            stderr = getattr(signed, "stderr", "") or ""
            reason = getattr(signed, "status", "") or "signing failed"
            if passphrase is None and ("passphrase" in stderr.lower()
                                       or "BAD_PASSPHRASE" in stderr
                                       or "PINENTRY" in stderr or "MISSING_PASSPHRASE" in stderr):
                reason = "private key is encrypted; a passphrase is required"
            raise ProvenanceError(f"failed to either sign or armor message block: {reason}")
        return text

    # -- verifying ------------------------------------------------------------------------
    def verify_clearsigned(self, text: str) -> SignatureCheck:
        """Check the first clearsigned block; return the signed text as gpg saw it."""
        start = text.index("-----BEGIN PGP SIGNED MESSAGE-----")
        end_marker = "-----END PGP SIGNATURE-----"
        end = text.find(end_marker, start)
        if end < 0:
            raise ProvenanceError("signature block not found")
        block = text[start:end + len(end_marker)] + "\n"
        result = self.gpg.decrypt(block.encode("utf-8"), extra_args=["--batch"])
        status = getattr(result, "stderr", "") or ""
        if "NO_PUBKEY" in status or "ERRSIG" in status and "NO_PUBKEY" in status:
            raise ProvenanceError("openpgp: signature made by unknown entity")
        if "BADSIG" in status:
            raise ProvenanceError("openpgp: invalid signature: hash tag doesn't match")
        if "EXPKEYSIG" in status:
            raise ProvenanceError("openpgp: key expired")
        if "REVKEYSIG" in status:
            raise ProvenanceError("openpgp: signature made by revoked key")
        if "ERRSIG" in status or not ("GOODSIG" in status and "VALIDSIG" in status):
            raise ProvenanceError("openpgp: invalid signature: signature could not be checked")
        fingerprint = str(result.pubkey_fingerprint or result.fingerprint or "")
        identities = self._identities(fingerprint)
        return SignatureCheck(plaintext=result.data.decode("utf-8", "replace"),
                              fingerprint=fingerprint.upper(), identities=identities)

    def _identities(self, fingerprint: str) -> list[str]:
        for key in self.gpg.list_keys():
            if key.get("fingerprint", "").upper() == fingerprint.upper():
                return [str(uid) for uid in key.get("uids", [])]
        return []

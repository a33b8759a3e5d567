"""Provenance interop with Helm's SDK both ways, over the real gpg, and failing closed."""
from __future__ import annotations

import shutil
from pathlib import Path

import helm_python
import pytest

from helmpy.provenance import ProvenanceError, sign_archive, verify_chart
from tests.repo_support import helm_package, make_keys, run_helmpy


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory):
    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def other_keys(tmp_path_factory: pytest.TempPathFactory):
    return make_keys(tmp_path_factory.mktemp("keys2"), "Somebody Else", "else@example.com")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    return helm_package(tmp_path, tmp_path / "dist", "signme", "1.2.3",
                        description="signed chart é", appVersion="2.0", keywords=["a", "b"])


def test_helmpy_signed_verifies_with_helm(archive: Path, keys) -> None:
    prov = sign_archive(archive, keys.uid, keys.secring)
    assert prov == archive.with_name(archive.name + ".prov")
    result = helm_python.verify(str(archive), str(keys.pubring))
    assert result["file_name"] == archive.name
    assert result["file_hash"] == helm_python.digest(str(archive))
    assert result["signed_by"] == [keys.uid]


def test_helmpy_signed_body_matches_helms(archive: Path, keys, tmp_path: Path) -> None:
    twin = tmp_path / "twin" / archive.name
    twin.parent.mkdir()
    shutil.copy(archive, twin)
    helm_prov = Path(helm_python.sign(str(twin), key=keys.uid, keyring=str(keys.secring)))
    ours = sign_archive(archive, keys.uid, keys.secring)

    def body(path: Path) -> str:
        text = path.read_text()
        return text.split("\n\n", 1)[1].split("-----BEGIN PGP SIGNATURE-----")[0].rstrip("\n")

    assert body(ours) == body(helm_prov)


def test_helm_signed_verifies_with_helmpy(archive: Path, keys) -> None:
    helm_python.sign(str(archive), key="signer@example.com", keyring=str(keys.secring))
    verification = verify_chart(archive, keys.pubring)
    assert verification.file_hash == helm_python.digest(str(archive))
    assert verification.signed_by == [keys.uid]
    assert verification.fingerprint == keys.fingerprint


@pytest.mark.parametrize("ring", ["armored", "keybox"])
def test_keyring_formats_helm_rejects_are_rejected_alike(archive: Path, keys, ring: str) -> None:
    helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring))
    keyring = getattr(keys, ring)
    helm_message = _helm_error(archive, keyring)
    with pytest.raises(ProvenanceError) as caught:
        verify_chart(archive, keyring)
    assert str(caught.value) == helm_message


def test_verify_cli_output(archive: Path, keys) -> None:
    helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring))
    result = run_helmpy("verify", str(archive), "--keyring", str(keys.pubring))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Signed by: {keys.uid}\n"
                             f"Using Key With Fingerprint: {keys.fingerprint}\n"
                             f"Chart Hash Verified: {helm_python.digest(str(archive))}\n")


def _helm_error(archive: Path, keyring: Path) -> str:
    with pytest.raises(helm_python.HelmError) as caught:
        helm_python.verify(str(archive), str(keyring))
    return str(caught.value)


def test_missing_prov_fails_closed(archive: Path, keys) -> None:
    helm_message = _helm_error(archive, keys.pubring)
    with pytest.raises(ProvenanceError) as caught:
        verify_chart(archive, keys.pubring)
    assert "could not load provenance file" in str(caught.value)
    assert "could not load provenance file" in helm_message
    result = run_helmpy("verify", str(archive), "--keyring", str(keys.pubring))
    assert result.returncode == 1 and result.stderr.startswith("Error: could not load")


def test_digest_mismatch_fails_like_helm(archive: Path, keys, tmp_path: Path) -> None:
    helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring))
    other = helm_package(tmp_path / "o", tmp_path / "other", "signme", "1.2.3",
                         description="a different chart")
    shutil.copy(other, archive)  # same name, different bytes: the .prov no longer matches
    helm_message = _helm_error(archive, keys.pubring)
    with pytest.raises(ProvenanceError) as caught:
        verify_chart(archive, keys.pubring)
    ours = str(caught.value)
    assert ours.startswith("sha256 sum does not match for signme-1.2.3.tgz")
    assert ours in helm_message


def test_unknown_key_fails(archive: Path, keys, other_keys) -> None:
    helm_python.sign(str(archive), key=keys.uid, keyring=str(keys.secring))
    helm_message = _helm_error(archive, other_keys.pubring)
    with pytest.raises(ProvenanceError) as caught:
        verify_chart(archive, other_keys.pubring)
    assert str(caught.value) in helm_message


def test_tampered_signature_fails(archive: Path, keys) -> None:
    prov = sign_archive(archive, keys.uid, keys.secring)
    text = prov.read_text().replace("name: signme", "name: signmf")
    prov.write_text(text)
    _helm_error(archive, keys.pubring)  # Helm refuses it too
    with pytest.raises(ProvenanceError) as caught:
        verify_chart(archive, keys.pubring)
    assert "invalid signature" in str(caught.value)


def test_ambiguous_and_unknown_signing_keys(archive: Path, keys) -> None:
    with pytest.raises(ProvenanceError, match="private key not found"):
        sign_archive(archive, "nobody-here", keys.secring)
    with pytest.raises(ProvenanceError, match="not a private key"):
        sign_archive(archive, keys.uid, keys.pubring)


def test_package_sign_cli_verifies_with_helm(tmp_path: Path, keys) -> None:
    from tests.repo_support import write_chart

    chart = write_chart(tmp_path, "cli-signed", "0.4.0", description="signed by the CLI")
    dest = tmp_path / "out"
    dest.mkdir()
    result = run_helmpy("package", str(chart), "-d", str(dest), "--sign", "--key", keys.uid,
                        "--keyring", str(keys.secring))
    assert result.returncode == 0, result.stderr
    archive = dest / "cli-signed-0.4.0.tgz"
    assert helm_python.verify(str(archive), str(keys.pubring))["signed_by"] == [keys.uid]


def test_passphrase_protected_key(archive: Path, tmp_path: Path) -> None:
    import shutil
    import tempfile

    import gnupg

    from tests.repo_support import stop_agent

    home = Path(tempfile.mkdtemp(prefix="hp-gpg-", dir="/tmp"))  # short: agent socket path
    gpg = gnupg.GPG(gnupghome=str(home))
    spec = gpg.gen_key_input(key_type="EDDSA", key_curve="ed25519", key_usage="sign",
                             name_real="Locked Signer", name_email="locked@example.com",
                             passphrase="open sesame", expire_date=0)
    key = gpg.gen_key(spec)
    secring, pubring = tmp_path / "locked.sec.gpg", tmp_path / "locked.pub.gpg"
    secring.write_bytes(gpg.export_keys(key.fingerprint, secret=True, armor=False,
                                        passphrase="open sesame"))
    pubring.write_bytes(gpg.export_keys(key.fingerprint, armor=False))
    stop_agent(home)
    shutil.rmtree(home, ignore_errors=True)
    passfile = tmp_path / "pass.txt"
    passfile.write_text("open sesame\nignored second line\n")
    with pytest.raises(ProvenanceError):
        sign_archive(archive, "Locked Signer", secring)  # no passphrase: fails, never prompts
    sign_archive(archive, "Locked Signer", secring, passphrase_file=passfile)
    assert helm_python.verify(str(archive), str(pubring))["file_name"] == archive.name

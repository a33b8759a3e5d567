"""security.md rows "index files", "terminal output", "credentials" and "provenance".

Repositories are real HTTP servers on 127.0.0.1; two servers on two ports stand for two hosts,
and each records the Authorization header of every request it received. Provenance uses real
gpg keys and Helm's SDK to sign.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helmpy.repo.client import Getter
from helmpy.repo.repofile import RepoEntry
from tests import repo_support
from tests.repo_support import helm_package, make_keys, run_helmpy
from tests.security_support import chart_yaml, no_traceback, repository, tgz
from tests.test_repo_client import recorder

hp = pytest.importorskip("helm_python")

AUTH = "Basic " + base64.b64encode(b"user:pw").decode()
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


home = repo_support.home  # the fixture, shared through the support module


def _ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    return result.stdout


# --- index files ---------------------------------------------------------------------------

HOSTILE_INDEX = """apiVersion: v1
entries:
  good:
  - name: good
    version: 1.0.0
    description: the first entry
    urls: [good-1.0.0.tgz]
    digest: DIGEST
  - null
  - 7
  - "text"
  - [nested]
  - name: good
    version: 1.0.0
    description: a later duplicate that must not win
    urls: [evil.tgz]
  - name: [not, a, string]
    version: 2.0.0
  - name: good
    version: {a: b}
  - name: good
    version: 0.5.0
    urls: [1, null]
    maintainers: null
    keywords: 5
    dependencies: [null]
  nullentry: null
  scalar: 5
  mapped: {name: mapped, version: 1.0.0}
generated: "2020-01-01T00:00:00Z"
"""


def test_malformed_and_duplicate_index_entries_never_crash(tmp_path: Path,
                                                          home: dict[str, str]) -> None:
    archive = tgz([("good/Chart.yaml", chart_yaml("good"), None)])
    index = HOSTILE_INDEX.replace("DIGEST", hashlib.sha256(archive).hexdigest())
    routes = {"/index.yaml": index.encode(), "/good-1.0.0.tgz": archive,
              "/evil.tgz": tgz([("good/Chart.yaml", chart_yaml("good", extra="description: evil\n"),
                                  None)])}
    dest = tmp_path / "dest"
    dest.mkdir()
    with recorder(routes) as (url, seen):
        added = run_helmpy("repo", "add", "r", url, env=home)
        listed = run_helmpy("search", "repo", "r/", "--versions", "-o", "json", env=home)
        updated = run_helmpy("repo", "update", env=home)
        pulled = run_helmpy("pull", "r/good", "--version", "1.0.0", "-d", str(dest), env=home)
    for result in (added, listed, updated, pulled):
        assert result.returncode == 0, result.stderr
        no_traceback(result)
    # each skipped entry is reported, and so is the duplicate
    assert "duplicate entry for chart \"good\" version \"1.0.0\"" in added.stderr
    assert added.stderr.count("skipping loading invalid entry") >= 4
    rows = json.loads(listed.stdout)
    # 0.5.0 goes too: Helm's validation refuses null dependencies
    assert [(r["name"], r["version"], r["description"]) for r in rows] == [
        ("r/good", "1.0.0", "the first entry")]
    assert "dependencies must not contain empty or null nodes" in added.stderr
    assert (dest / "good-1.0.0.tgz").read_bytes() == archive
    assert "/evil.tgz" not in [path for path, _ in seen]


NOT_A_REPO = "is not a valid chart repository or cannot be reached: "


@pytest.mark.parametrize("text,failure", [
    ("apiVersion: v1\nentries: null\n", None),
    ("apiVersion: v1\nentries:\n  x: [{name: x, version: 1.0.0, urls: {a: b}}]\n", None),
    ("apiVersion: v1\nentries: [a, b]\n", "error unmarshaling JSON: entries is not a mapping"),
    ("apiVersion: v1\nentries: 5\n", "error unmarshaling JSON: entries is not a mapping"),
    ("- just\n- a list\n", "error unmarshaling JSON: index is not a mapping"),
    ("\x00\x01\x02 binary", "error converting YAML to JSON: unacceptable character #x0000"),
])
def test_unusable_indexes_fail_cleanly(home: dict[str, str], text: str,
                                       failure: str | None) -> None:
    with recorder({"/index.yaml": text.encode()}) as (url, _):
        result = run_helmpy("repo", "add", "r", url, env=home)
        search = run_helmpy("search", "repo", "x", env=home)
        pull = run_helmpy("pull", "r/x", "-d", str(Path(home["HELMPY_CACHE_HOME"]).parent),
                          env=home)
    for each in (result, search, pull):
        no_traceback(each)
    if failure is None:
        assert result.returncode == 0, result.stderr
        assert search.returncode == 0, search.stderr
        assert pull.returncode == 1 and pull.stderr.startswith("Error: ")
    else:
        assert result.returncode == 1
        assert result.stderr.startswith(f'Error: looks like "{url}" {NOT_A_REPO}{failure}')


# --- terminal output -----------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07 \x1b[2J \r \x08 \x9b31m \u202e"


def _quoted(text: str) -> str:
    return json.dumps(text)  # YAML accepts JSON's escapes in double quotes


def test_show_chart_strips_control_characters(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: c\nversion: 1.0.0\ndescription: {_quoted('desc ' + ESCAPES)}\n"
        f"appVersion: {_quoted('1' + ESCAPES)}\nmaintainers:\n- name: {_quoted(ESCAPES)}\n")
    result = run_helmpy("show", "chart", str(chart))
    assert result.returncode == 0, result.stderr
    assert not CONTROL.search(result.stdout), repr(result.stdout)
    assert "desc ]0;pwned" in result.stdout


def test_dependency_list_strips_control_characters(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: {_quoted('dep' + ESCAPES)}\n"
        f"  version: {_quoted('1.0.0' + ESCAPES)}\n  repository: {_quoted('https://x' + ESCAPES)}\n")
    result = run_helmpy("dependency", "list", str(chart))
    no_traceback(result)
    assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)
    assert "dep]0;pwned" in result.stdout


def test_search_and_index_warnings_strip_control_characters(home: dict[str, str]) -> None:
    index = ("apiVersion: v1\nentries:\n"
             f"  {_quoted('bad' + ESCAPES)}:\n  - null\n"
             f"  ok:\n  - name: ok\n    version: 1.0.0\n    description: {_quoted('d' + ESCAPES)}\n"
             f"    keywords: [{_quoted(ESCAPES)}]\n    urls: [ok-1.0.0.tgz]\n")
    with recorder({"/index.yaml": index.encode()}) as (url, _):
        added = run_helmpy("repo", "add", "r", url, env=home)
        table = run_helmpy("search", "repo", "ok", env=home)
    for result in (added, table):
        assert result.returncode == 0, result.stderr
        assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)
    assert "r/ok" in table.stdout and "d]0;pwned" in table.stdout


def test_template_errors_strip_control_characters(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    (chart / "templates" / "t.yaml").write_text(
        '{{ fail "boom \\x1b]0;pwned\\x07 \\x1b[2J \\r \\x08 \\u202e end" }}\n')
    with hp.Chart.load(str(chart)) as loaded, pytest.raises(hp.HelmError) as helm:
        loaded.render(name="rel")
    assert "\x1b" in str(helm.value)  # Helm prints it raw
    result = run_helmpy("template", "rel", str(chart))
    assert result.returncode == 1
    assert result.stderr == "Error: " + CONTROL.sub("", str(helm.value)) + "\n"


def test_parse_errors_naming_a_hostile_file_strip_control_characters(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    (chart / "templates" / "x\x1b]0;pwned\x07.yaml").write_text("{{ .Values.a | nosuchfunc }}\n")
    result = run_helmpy("template", "rel", str(chart))
    assert result.returncode == 1
    assert not CONTROL.search(result.stderr), repr(result.stderr)
    assert 'function "nosuchfunc" not defined' in result.stderr and "x]0;pwned.yaml" in result.stderr


def test_lint_output_strips_control_characters(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: c\nversion: 1.0.0\nicon: {_quoted('http://x' + ESCAPES)}\n"
        f"description: {_quoted(ESCAPES)}\n")
    (chart / "templates" / "cm.yaml").write_text(
        f"kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: {_quoted('n' + ESCAPES)}\n")
    helm = hp.lint(str(chart))
    assert any("\x1b" in m["error"] for m in helm["messages"])  # Helm prints them raw
    result = run_helmpy("lint", str(chart))
    no_traceback(result)
    assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)
    severity = {1: "INFO", 2: "WARNING", 3: "ERROR"}
    raw = [m for m in helm["messages"] if CONTROL.search(m["error"])]
    assert raw
    for message in raw:  # Helm's line, minus the control characters
        line = f"[{severity[message['severity']]}] {message['path']}: {message['error']}"
        assert CONTROL.sub("", line) in result.stdout


# --- credentials ---------------------------------------------------------------------------

def _db_archive() -> bytes:
    return tgz([("db/Chart.yaml", chart_yaml("db", "0.3.0"), None)])


@contextmanager
def _index_here_archive_elsewhere(archive: bytes) -> Iterator[tuple[str, list, list]]:
    """An index on one host whose db 0.3.0 entry points at the archive on another host;
    yields (index URL, requests the index host saw, requests the archive host saw)."""
    digest = hashlib.sha256(archive).hexdigest()
    with recorder({"/db-0.3.0.tgz": archive}) as (foreign_url, foreign_seen):
        index = ("apiVersion: v1\nentries:\n  db:\n  - apiVersion: v2\n    name: db\n"
                 f"    version: 0.3.0\n    digest: {digest}\n"
                 f"    urls: [{foreign_url}/db-0.3.0.tgz]\n")
        with recorder({"/index.yaml": index.encode()}) as (own_url, own_seen):
            yield own_url, own_seen, foreign_seen


@pytest.mark.parametrize("pass_credentials", [False, True])
def test_dependency_update_keeps_credentials_home(tmp_path: Path, home: dict[str, str],
                                                  pass_credentials: bool) -> None:
    archive = _db_archive()
    with _index_here_archive_elsewhere(archive) as (own_url, own_seen, foreign_seen):
        flags = ["--username", "user", "--password", "pw"]
        if pass_credentials:
            flags.append("--pass-credentials")
        _ok(run_helmpy("repo", "add", "private", own_url, *flags, env=home))
        parent = tmp_path / "parent"
        (parent / "templates").mkdir(parents=True)
        (parent / "Chart.yaml").write_bytes(chart_yaml(
            "parent", extra=f"dependencies:\n- name: db\n  version: 0.3.0\n"
                            f"  repository: {own_url}\n"))
        _ok(run_helmpy("dependency", "update", str(parent), env=home))
        (parent / "charts" / "db-0.3.0.tgz").unlink()
        _ok(run_helmpy("dependency", "build", str(parent), env=home))
    assert (parent / "charts" / "db-0.3.0.tgz").read_bytes() == archive
    assert own_seen and {auth for _, auth in own_seen} == {AUTH}
    assert len(foreign_seen) == 2
    assert {auth for _, auth in foreign_seen} == ({AUTH} if pass_credentials else {None})


def test_index_redirect_to_another_host_drops_credentials(home: dict[str, str]) -> None:
    index = b"apiVersion: v1\nentries: {}\n"
    with recorder({"/index.yaml": index}) as (foreign_url, foreign_seen):
        with recorder({"/index.yaml": f"REDIRECT {foreign_url}/index.yaml".encode()}) \
                as (own_url, own_seen):
            _ok(run_helmpy("repo", "add", "r", own_url, "--username", "user", "--password", "pw",
                           env=home))
            _ok(run_helmpy("repo", "update", env=home))
    assert [auth for _, auth in own_seen] == [AUTH, AUTH]
    assert [auth for _, auth in foreign_seen] == [None, None]


@pytest.mark.parametrize("pass_credentials", [False, True])
def test_pull_with_repo_flag_keeps_credentials_home(tmp_path: Path, home: dict[str, str],
                                                    pass_credentials: bool) -> None:
    archive = _db_archive()
    with _index_here_archive_elsewhere(archive) as (own_url, own_seen, foreign_seen):
        flags = ["--repo", own_url, "--username", "user", "--password", "pw",
                 "-d", str(tmp_path)]
        if pass_credentials:
            flags.append("--pass-credentials")
        _ok(run_helmpy("pull", "db", *flags, env=home))
    assert (tmp_path / "db-0.3.0.tgz").read_bytes() == archive
    assert {auth for _, auth in own_seen} == {AUTH}
    assert {auth for _, auth in foreign_seen} == ({AUTH} if pass_credentials else {None})


@pytest.mark.parametrize("target,trusted", [
    ("http://repo.example:8080/charts/x.tgz", True),
    ("http://REPO.example:8080/other/x.tgz", True),
    ("https://repo.example:8080/charts/x.tgz", False),   # other scheme
    ("http://repo.example:8081/charts/x.tgz", False),    # other port
    ("http://repo.example/charts/x.tgz", False),         # default port 80 is another port
    ("http://evil.example:8080/charts/x.tgz", False),    # other host
    ("http://repo.example.evil.example:8080/x.tgz", False),
    ("http://user@evil.example:8080/x.tgz", False),
])
def test_credential_origin_rule(target: str, trusted: bool) -> None:
    entry = RepoEntry(name="r", url="http://repo.example:8080/charts", username="user",
                      password="pw")
    session = Getter(entry)._session(target)
    assert session.auth == (("user", "pw") if trusted else None)
    entry.pass_credentials_all = True
    assert Getter(entry)._session(target).auth == ("user", "pw")


# --- provenance ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A chart archive, its .prov from the right key, and a .prov from a stranger's key."""
    base = tmp_path_factory.mktemp("prov")
    keys = make_keys(base / "keys")
    stranger = make_keys(base / "keys2", "Stranger", "stranger@example.com")
    archive = helm_package(base, base / "dist", "db", "0.3.0")
    twin = base / "twin" / archive.name
    twin.parent.mkdir()
    shutil.copy(archive, twin)
    good = Path(hp.sign(str(archive), key=keys.uid, keyring=str(keys.secring))).read_bytes()
    foreign = Path(hp.sign(str(twin), key=stranger.uid, keyring=str(stranger.secring))).read_bytes()
    other = helm_package(base / "o", base / "odist", "db", "0.3.0", description="different")
    return {"keys": keys, "archive": archive.read_bytes(), "good": good, "foreign": foreign,
            "other": other.read_bytes()}


PROV_CASES = {
    "missing": (None, "failed to fetch provenance"),
    "stranger": ("foreign", "openpgp: signature made by unknown entity"),
    "tampered": ("good", "sha256 sum does not match for db-0.3.0.tgz"),
    "garbage": (b"not a signature", ""),
}


def _prov_repo(signed: dict, case: str):  # type: ignore[no-untyped-def]
    prov_key, _ = PROV_CASES[case]
    archive = signed["other"] if case == "tampered" else signed["archive"]
    extra = {}
    if prov_key is not None:
        extra["/db-0.3.0.tgz.prov"] = prov_key if isinstance(prov_key, bytes) else signed[prov_key]
    return repository({("db", "0.3.0"): archive}, extra)


@pytest.mark.parametrize("case", sorted(PROV_CASES))
def test_pull_verify_fails_closed(tmp_path: Path, home: dict[str, str], signed: dict,
                                  case: str) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    with _prov_repo(signed, case) as (url, _):
        _ok(run_helmpy("repo", "add", "r", url, env=home))
        result = run_helmpy("pull", "r/db", "--verify", "--untar", "-d", str(dest),
                            "--keyring", str(signed["keys"].pubring), env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and PROV_CASES[case][1] in result.stderr
    assert not (dest / "db").exists()  # nothing unpacked from an unverified archive


def test_pull_verify_passes_with_the_right_signature(tmp_path: Path, home: dict[str, str],
                                                     signed: dict) -> None:
    with repository({("db", "0.3.0"): signed["archive"]},
                    {"/db-0.3.0.tgz.prov": signed["good"]}) as (url, _):
        _ok(run_helmpy("repo", "add", "r", url, env=home))
        out = _ok(run_helmpy("pull", "r/db", "--verify", "-d", str(tmp_path),
                             "--keyring", str(signed["keys"].pubring), env=home))
    assert out.startswith(f"Signed by: {signed['keys'].uid}\n")


@pytest.mark.parametrize("case", sorted(PROV_CASES))
def test_dependency_build_verify_fails_closed(tmp_path: Path, home: dict[str, str],
                                              signed: dict, case: str) -> None:
    parent = tmp_path / "parent"
    (parent / "templates").mkdir(parents=True)
    with _prov_repo(signed, case) as (url, _):
        _ok(run_helmpy("repo", "add", "r", url, env=home))
        (parent / "Chart.yaml").write_bytes(chart_yaml(
            "parent", extra=f"dependencies:\n- name: db\n  version: 0.3.0\n  repository: {url}\n"))
        result = run_helmpy("dependency", "update", str(parent), "--verify",
                            "--keyring", str(signed["keys"].pubring), env=home)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert not list(parent.glob("charts/*.tgz"))  # nothing unverified lands in charts/


@pytest.mark.parametrize("command", ["template", "install"])
def test_local_archive_without_prov_fails_verify(tmp_path: Path, home: dict[str, str],
                                                 signed: dict, command: str) -> None:
    archive = tmp_path / "db-0.3.0.tgz"
    archive.write_bytes(signed["archive"])
    args = [command, "rel", str(archive), "--verify", "--keyring", str(signed["keys"].pubring)]
    if command == "install":
        args += ["--dry-run"]
    result = run_helmpy(*args, env=home)
    no_traceback(result)
    assert result.returncode == 1
    prefix = "Error: INSTALLATION FAILED: " if command == "install" else "Error: "
    assert result.stderr == (f"{prefix}could not load provenance file {archive}.prov: "
                             f"stat {archive}.prov: no such file or directory\n")
    assert "kind:" not in result.stdout

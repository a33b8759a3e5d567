"""Every storage driver honours Helm's driver contract, and the storage front prunes history
the way Helm's does (the expected revisions come from Helm's SDK in the test)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helmpy.kube.client import connect
from helmpy.kube.emulator import Emulator
from helmpy.release.model import DEPLOYED, FAILED, PENDING_UPGRADE, SUPERSEDED, Info, Release
from helmpy.storage import (
    NoDeployedReleasesError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    Storage,
    StorageError,
    open_driver,
)
from tests import emulator_support as support
from tests import pg_fixture
from tests.emulator_support import helm_config

postgres_server = pg_fixture.postgres_server  # session fixture: a real PostgreSQL 15
hello_chart = support.hello_chart

DRIVERS = ["memory", "secret", "configmap", "sqlite", "postgres"]


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture(params=DRIVERS)
def driver_factory(request: pytest.FixtureRequest, shared_emulator: Emulator,
                   tmp_path: Path) -> Any:
    """A function namespace -> driver, all drivers of one test sharing one backend."""
    kind = request.param
    if kind == "memory":
        from helmpy.storage.memory import MemoryDriver

        base = MemoryDriver("default")
        return base.for_namespace
    if kind in ("secret", "configmap"):
        kube = connect(api_server=shared_emulator.url)
        prefix = uuid.uuid4().hex[:8]
        for ns in ("default", "other"):
            name = f"{prefix}-{ns}"
            kube.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
        return lambda ns: open_driver(kind, kube=kube,
                                      namespace=f"{prefix}-{ns}" if ns else "")
    if kind == "sqlite":
        dsn = f"sqlite:{tmp_path / 'releases.db'}"
        return lambda ns: open_driver("sql", namespace=ns, sql_connection=dsn)
    server = request.getfixturevalue("postgres_server")
    dsn = server.create_database("t" + uuid.uuid4().hex[:12])
    return lambda ns: open_driver("sql", namespace=ns, sql_connection=dsn)


def _release(name: str, version: int, status: str = DEPLOYED, namespace: str = "default",
             labels: dict[str, str] | None = None, ns_name: str | None = None) -> Release:
    return Release(name=name, info=Info(status=status, description=f"{name} v{version}"),
                   config={"rev": version}, manifest=f"# {name} {version}\n",
                   version=version, namespace=ns_name or namespace, labels=labels or {})


def _ns(driver: Any) -> str:
    return str(driver.namespace)


def test_create_get_update_delete(driver_factory: Any) -> None:
    driver = driver_factory("default")
    rel = _release("app", 1, labels={"team": "blue"}, ns_name=_ns(driver))
    driver.create("sh.helm.release.v1.app.v1", rel)
    with pytest.raises(ReleaseExistsError, match="^release: already exists$"):
        driver.create("sh.helm.release.v1.app.v1", rel)
    got = driver.get("sh.helm.release.v1.app.v1")
    assert (got.name, got.version, got.status, got.config) == ("app", 1, DEPLOYED, {"rev": 1})
    assert got.labels == {"team": "blue"}
    got.set_status(SUPERSEDED, "replaced")
    driver.update("sh.helm.release.v1.app.v1", got)
    assert driver.get("sh.helm.release.v1.app.v1").status == SUPERSEDED
    assert driver.query({"name": "app", "status": SUPERSEDED})[0].version == 1
    deleted = driver.delete("sh.helm.release.v1.app.v1")
    assert deleted.version == 1
    with pytest.raises(ReleaseNotFoundError, match="^release: not found$"):
        driver.get("sh.helm.release.v1.app.v1")
    with pytest.raises(ReleaseNotFoundError):
        driver.query({"name": "app", "owner": "helm"})


def test_list_query_and_namespaces(driver_factory: Any) -> None:
    default, other = driver_factory("default"), driver_factory("other")
    for version, status in ((1, SUPERSEDED), (2, DEPLOYED)):
        default.create(f"sh.helm.release.v1.a.v{version}",
                       _release("a", version, status, ns_name=_ns(default)))
    other.create("sh.helm.release.v1.b.v1", _release("b", 1, FAILED, ns_name=_ns(other)))
    assert sorted(r.version for r in default.list(lambda r: True)) == [1, 2]
    assert [r.name for r in other.list(lambda r: True)] == ["b"]
    assert [r.version for r in default.list(lambda r: r.status == DEPLOYED)] == [2]
    listed = default.list(lambda r: True)[0].labels
    assert {k: listed[k] for k in ("name", "owner")} == {"name": "a", "owner": "helm"}
    everywhere = driver_factory("")
    assert sorted(r.name for r in everywhere.list(lambda r: True)) == ["a", "a", "b"]
    assert [r.version for r in default.query({"name": "a", "owner": "helm",
                                              "status": DEPLOYED})] == [2]
    with pytest.raises(ReleaseNotFoundError):
        default.query({"name": "b", "owner": "helm"})


def test_storage_front_deployed_history_last(driver_factory: Any) -> None:
    driver = driver_factory("default")
    storage = Storage(driver)
    with pytest.raises(NoDeployedReleasesError, match='^"web" has no deployed releases$'):
        storage.deployed("web")
    with pytest.raises(StorageError, match='^no revision for release "web"$'):
        storage.last("web")
    storage.create(_release("web", 1, SUPERSEDED, ns_name=_ns(driver)))
    storage.create(_release("web", 2, DEPLOYED, ns_name=_ns(driver)))
    storage.create(_release("web", 3, FAILED, ns_name=_ns(driver)))
    assert storage.deployed("web").version == 2
    assert storage.last("web").version == 3
    assert sorted(r.version for r in storage.history("web")) == [1, 2, 3]
    assert [r.version for r in storage.list_deployed()] == [2]
    assert storage.get("web", 3).status == FAILED
    storage.delete("web", 3)
    assert storage.last("web").version == 2


def _simulate_upgrades(storage: Storage, name: str, namespace: str, upgrades: int) -> None:
    """The storage calls Helm's upgrade action makes: create pending, then settle."""
    storage.create(_release(name, 1, DEPLOYED, ns_name=namespace))
    for version in range(2, upgrades + 2):
        previous = storage.deployed(name)
        storage.create(_release(name, version, PENDING_UPGRADE, ns_name=namespace))
        previous.set_status(SUPERSEDED, "Upgrade complete")
        storage.update(previous)
        current = storage.get(name, version)
        current.set_status(DEPLOYED, "Upgrade complete")
        storage.update(current)


@pytest.fixture(scope="module")
def helm_pruned_revisions(shared_emulator: Emulator, tmp_path_factory: pytest.TempPathFactory
                          ) -> list[int]:
    """What Helm keeps after an install and four upgrades with --history-max 2."""
    pytest.importorskip("helm_python")
    chart = support.write_hello_chart(tmp_path_factory.mktemp("chart"))
    with helm_config(shared_emulator, namespace="kube-public") as cfg:
        cfg.install(str(chart), "pruned", None)
        for i in range(4):
            cfg.upgrade(str(chart), "pruned", {"message": str(i)}, max_history=2)
        return sorted(h["revision"] for h in cfg.history("pruned"))


def test_history_pruning_matches_helm(driver_factory: Any,
                                      helm_pruned_revisions: list[int]) -> None:
    driver = driver_factory("default")
    storage = Storage(driver, max_history=2)
    _simulate_upgrades(storage, "pruned", _ns(driver), upgrades=4)
    assert sorted(r.version for r in storage.history("pruned")) == helm_pruned_revisions


def test_driver_selection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HELMPY_DRIVER", "memory")
    assert open_driver(None).name == "Memory"
    monkeypatch.setenv("HELMPY_DRIVER_SQL_CONNECTION_STRING", f"sqlite:{tmp_path / 'db'}")
    assert open_driver("sql").name == "SQL"
    helm_python = pytest.importorskip("helm_python")
    with Emulator() as emu, pytest.raises(helm_python.HelmError) as helm_err:
        with helm_python.Config(kube_apiserver=emu.url, storage_driver="etcd") as cfg:
            cfg.list()
    with pytest.raises(StorageError) as ours:
        open_driver("etcd")
    assert str(ours.value) == str(helm_err.value)
    with pytest.raises(StorageError):
        open_driver("secret")  # needs a cluster client


def test_not_found_message_is_helms(shared_emulator: Emulator) -> None:
    helm_python = pytest.importorskip("helm_python")
    with helm_config(shared_emulator) as cfg, pytest.raises(helm_python.HelmError) as helm_err:
        cfg.status("never-installed")
    storage = Storage(open_driver("secret", kube=connect(api_server=shared_emulator.url)))
    with pytest.raises(ReleaseNotFoundError) as ours:
        storage.get("never-installed", 1)
    assert str(ours.value) == str(helm_err.value)

"""The emulator's patch and selector semantics on the cases Kubernetes documents."""
from __future__ import annotations

import pytest

from helmpy.kube.emulator.patch import PatchError, json_merge_patch, json_patch, strategic_merge
from helmpy.kube.emulator.selectors import SelectorError, field_matcher, label_matcher

POD_SPEC = {"containers": [{"name": "a", "image": "a:1", "env": [{"name": "X", "value": "1"}]},
                           {"name": "b", "image": "b:1"}],
            "finalizers": ["f1"]}


def test_strategic_merge_merges_keyed_lists_and_honours_directives() -> None:
    patched = strategic_merge(POD_SPEC, {
        "containers": [{"name": "a", "env": [{"name": "Y", "value": "2"}]},
                       {"name": "b", "$patch": "delete"},
                       {"name": "c", "image": "c:1"}],
        "$setElementOrder/containers": [{"name": "a"}, {"name": "c"}],
        "finalizers": ["f2"]})
    assert [c["name"] for c in patched["containers"]] == ["a", "c"]
    assert patched["containers"][0]["image"] == "a:1"
    assert patched["containers"][0]["env"] == [{"name": "X", "value": "1"},
                                               {"name": "Y", "value": "2"}]
    assert patched["finalizers"] == ["f1", "f2"]
    replaced = strategic_merge(POD_SPEC, {"containers": [{"name": "z"}, {"$patch": "replace"}]})
    assert replaced["containers"] == [{"name": "z"}]
    removed = strategic_merge(POD_SPEC, {"$deleteFromPrimitiveList/finalizers": ["f1"]})
    assert removed["finalizers"] == []
    assert strategic_merge({"a": {"b": 1}}, {"a": None}) == {}


def test_json_merge_patch_replaces_lists_and_deletes_nulls() -> None:
    assert json_merge_patch(POD_SPEC, {"containers": [{"name": "z"}], "finalizers": None}) \
        == {"containers": [{"name": "z"}]}


def test_json_patch_operations() -> None:
    doc = {"a": [1, 2], "b": {"c": "d"}}
    out = json_patch(doc, [{"op": "add", "path": "/a/-", "value": 3},
                           {"op": "replace", "path": "/b/c", "value": "e"},
                           {"op": "move", "from": "/b/c", "path": "/moved"},
                           {"op": "copy", "from": "/a/0", "path": "/first"},
                           {"op": "remove", "path": "/a/1"},
                           {"op": "test", "path": "/first", "value": 1}])
    assert out == {"a": [1, 3], "b": {}, "moved": "e", "first": 1}
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "test", "path": "/a/0", "value": 9}])
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "remove", "path": "/missing/x"}])


def test_selectors() -> None:
    obj = {"metadata": {"name": "n", "labels": {"app": "web", "tier": "front"}},
           "status": {"phase": "Running"}}
    assert label_matcher("app=web,tier in (front, back)")(obj)
    assert not label_matcher("app=web,tier notin (front)")(obj)
    assert label_matcher("app,!missing")(obj)
    assert not label_matcher("app!=web")(obj)
    assert field_matcher("metadata.name=n,status.phase!=Pending")(obj)
    assert not field_matcher("status.phase==Pending")(obj)
    with pytest.raises(SelectorError):
        field_matcher("nonsense")

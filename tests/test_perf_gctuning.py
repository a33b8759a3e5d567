"""The GC setting helmpy changes while it loads and renders is put back afterwards."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from helmpy.gctuning import FULL_COLLECTION_SPACING, fewer_full_collections


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, ...]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_spacing_applies_inside_and_is_restored(default_thresholds: tuple[int, ...]) -> None:
    with fewer_full_collections():
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_SPACING)
        with fewer_full_collections():
            assert gc.get_threshold()[2] == FULL_COLLECTION_SPACING
        assert gc.get_threshold()[2] == FULL_COLLECTION_SPACING  # still inside the outer one
    assert gc.get_threshold() == default_thresholds


def test_restored_after_an_error(default_thresholds: tuple[int, ...]) -> None:
    with pytest.raises(RuntimeError), fewer_full_collections():
        raise RuntimeError
    assert gc.get_threshold() == default_thresholds


def test_a_setting_changed_meanwhile_is_left_alone(default_thresholds: tuple[int, ...]) -> None:
    with fewer_full_collections():
        gc.set_threshold(500, 5, 5)
    assert gc.get_threshold() == (500, 5, 5)


def test_overlapping_threads_restore_once_all_are_done(
        default_thresholds: tuple[int, ...]) -> None:
    inside = threading.Barrier(2)
    release = threading.Event()

    def worker() -> None:
        with fewer_full_collections():
            inside.wait()
            release.wait()

    thread = threading.Thread(target=worker)
    thread.start()
    with fewer_full_collections():
        inside.wait()
    assert gc.get_threshold()[2] == FULL_COLLECTION_SPACING  # the thread is still rendering
    release.set()
    thread.join()
    assert gc.get_threshold() == default_thresholds


def test_render_leaves_the_setting_as_it_was(default_thresholds: tuple[int, ...]) -> None:
    import helmpy

    chart = helmpy.load_chart(str(Path(__file__).resolve().parent.parent / "charts" / "hello"))
    helmpy.render(chart, release="demo", namespace="default")
    assert gc.get_threshold() == default_thresholds

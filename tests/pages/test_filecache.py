"""The default cache: Django's file cache, shared by processes, with an atomic add."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cinematheque.pages.filecache import SharedFileCache


def make_cache(tmp_path: Path) -> SharedFileCache:
    return SharedFileCache(str(tmp_path / "cache"), {})


def test_add_succeeds_once(tmp_path):
    cache = make_cache(tmp_path)
    assert cache.add("lock", 1, timeout=10) is True
    assert cache.add("lock", 2, timeout=10) is False
    assert cache.get("lock") == 1


def test_add_replaces_an_expired_value(tmp_path):
    cache = make_cache(tmp_path)
    assert cache.add("lock", 1, timeout=0.05)
    time.sleep(0.1)
    assert cache.add("lock", 2, timeout=10) is True
    assert cache.get("lock") == 2


def test_only_one_of_many_concurrent_adds_wins(tmp_path):
    caches = [make_cache(tmp_path) for _ in range(8)]  # as separate processes would
    results: list[bool] = []
    barrier = threading.Barrier(len(caches))

    def run(cache: SharedFileCache) -> None:
        barrier.wait()
        results.append(cache.add("lock", threading.get_ident(), timeout=10))

    threads = [threading.Thread(target=run, args=(cache,)) for cache in caches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1


def test_a_value_written_by_one_process_is_read_by_another(tmp_path):
    writer, reader = make_cache(tmp_path), make_cache(tmp_path)
    writer.set_many({"pagecache:version:film:1": "abc"}, timeout=None)
    assert reader.get_many(["pagecache:version:film:1"]) == {
        "pagecache:version:film:1": "abc"
    }
    assert writer.get("a key with spaces and more than 250 characters " * 6) is None

"""The whole-page cache: visitors' pages rendered once and served from the cache until
something they show changes.

Invalidation is by version counters, never by age. Each cached page records the
versions of what it shows (`film:12`, `person:7`, `collection:3`, `lists`,
`collections`, `sitemaps`, `search`, `recommendations`, and `site` for everything);
the code that changes data names what it changed (`page_cache_forget(films=[12])`),
which gives those counters new values, and a page whose recorded versions differ
from the current ones is rendered again on its next request.

Which pages are cached, and what each shows, is declared per URL name by the app
that owns the view (`register_cached_page`), in the app's `page_cache.py`, which
`PagesConfig.ready()` discovers like `admin.py`. The same modules connect the
`post_save`/`post_delete` receivers that forget what a save changed, so a plain
`save()` in a shell is covered too.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

log = logging.getLogger(__name__)

SITE = "site"
LISTS = "lists"
COLLECTIONS = "collections"
SITEMAPS = "sitemaps"
SEARCH = "search"
RECOMMENDATIONS = "recommendations"

VERSION_PREFIX = "pagecache:version:"
# More keys than this in one bulk change (an import touching thousands of films)
# forget every page at once: one write instead of thousands, and such a change
# reaches the lists, sitemaps and search of the whole site anyway.
BULK_LIMIT = 2000

Dependencies = Callable[..., list[str] | None]


def film_key(film_id: int) -> str:
    return f"film:{film_id}"


def person_key(person_id: int) -> str:
    return f"person:{person_id}"


def collection_key(collection_id: int) -> str:
    return f"collection:{collection_id}"


# --- Which pages are cached ------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    url_name: str
    dependencies: Dependencies


_pages: dict[str, CachedPage] = {}


def register_cached_page(url_name: str, dependencies: Dependencies) -> None:
    """Serve the view named `url_name` ("catalogue:film", "api-v1:film") to visitors
    from the cache. `dependencies(request, **url_kwargs)` returns the version keys of
    what the page shows (`SITE` is always added), or None when the request must not
    be cached. It runs before the view, on a miss only."""
    _pages[url_name] = CachedPage(url_name=url_name, dependencies=dependencies)


def cached_page(url_name: str) -> CachedPage | None:
    return _pages.get(url_name)


# --- Which members get the shared copy -------------------------------------------

MemberCheck = Callable[[HttpRequest], bool]
_member_checks: list[MemberCheck] = []


def register_member_check(check: MemberCheck) -> None:
    """Signed-in members get the visitors' copy of a cached page (their personal
    parts come from pages/personal.py) unless `check(request)` is False for them:
    e.g. a member whose content limit hides films gets pages rendered for them."""
    if check not in _member_checks:
        _member_checks.append(check)


def may_share_with_member(request: HttpRequest) -> bool:
    return not is_personal_request(request) and all(
        check(request) for check in _member_checks
    )


# --- Query parameters that make any page personal --------------------------------

_personal_parameters: set[str] = set()


def register_personal_parameter(name: str) -> None:
    """A query parameter whose presence makes the answer depend on who asks (a
    member's "on my services" filter): such a request is never served from the
    shared copy nor stored into it, whatever page it is for."""
    _personal_parameters.add(name)


def is_personal_request(request: HttpRequest) -> bool:
    return any(name in request.GET for name in _personal_parameters)


# --- Versions --------------------------------------------------------------------


def _new_version() -> str:
    # Random rather than a counter: two processes bumping at once (a counter's
    # read-add-write race) must each leave a value no render has recorded.
    return secrets.token_hex(8)


# Every bump also changes the epoch. A process remembers the versions it read and
# trusts them while the epoch it read with them stays the same, so a hit reads one
# small key from the shared cache instead of one per dependency.
EPOCH = VERSION_PREFIX + "*epoch*"


class _Remembered(threading.local):
    def __init__(self) -> None:
        self.epoch: str | None = None
        self.versions: dict[str, str] = {}


_remembered = _Remembered()


def _epoch() -> str:
    epoch = cache.get(EPOCH)
    if epoch is None:  # never bumped, or evicted: a new epoch forgets what was read
        epoch = _new_version()
        if not cache.add(EPOCH, epoch, timeout=None):
            epoch = cache.get(EPOCH, epoch)
    return epoch


def current_versions(keys: Iterable[str]) -> dict[str, str]:
    """The current version of each key; a key never bumped (or evicted from the
    cache) gets a fresh one, which invalidates any page that recorded another."""
    keys = list(keys)
    epoch = _epoch()
    if epoch != _remembered.epoch:
        _remembered.epoch, _remembered.versions = epoch, {}
    remembered = _remembered.versions
    missing = {key: VERSION_PREFIX + key for key in keys if key not in remembered}
    if missing:
        stored = cache.get_many(list(missing.values()))
        for key, name in missing.items():
            value = stored.get(name)
            if value is None:
                value = _new_version()
                if not cache.add(name, value, timeout=None):
                    value = cache.get(name, value)
            remembered[key] = value
    return {key: remembered[key] for key in keys}


def _write_versions(keys: set[str]) -> None:
    values = {VERSION_PREFIX + key: _new_version() for key in keys}
    cache.set_many(values, timeout=None)
    cache.set(EPOCH, _new_version(), timeout=None)  # after the versions: see _epoch


class _BulkState(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.keys: set[str] = set()


_bulk = _BulkState()


def forget_keys(keys: Iterable[str]) -> None:
    """Give these version keys new values: every page that shows them is rendered
    again on its next request. Inside a transaction the keys are bumped now (the
    next request on this connection sees the change) and again when it commits
    (a page rendered meanwhile by another process, from the old rows, is not kept).
    Inside `bulk_change()` they are collected and bumped once, at its end."""
    keys = set(keys)
    if not keys:
        return
    if _bulk.depth:
        _bulk.keys |= keys
        return
    if len(keys) > BULK_LIMIT:
        keys = {SITE}
    _write_versions(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _write_versions(keys), robust=True)


def page_cache_forget(
    *,
    films: Iterable[int] = (),
    people: Iterable[int] = (),
    collections: Iterable[int] = (),
    lists: bool = False,
    collection_lists: bool = False,
    sitemaps: bool = False,
    search: bool = False,
    recommendations: bool = False,
    everything: bool = False,
) -> None:
    """Forget the cached pages that show these films, people or collections, the
    lists (home, browse, genres), the list of collections, the sitemaps, search
    results, recommendations, or (`everything`) every page."""
    keys = {film_key(pk) for pk in films}
    keys |= {person_key(pk) for pk in people}
    keys |= {collection_key(pk) for pk in collections}
    flags = {
        LISTS: lists,
        COLLECTIONS: collection_lists,
        SITEMAPS: sitemaps,
        SEARCH: search,
        RECOMMENDATIONS: recommendations,
        SITE: everything,
    }
    keys |= {key for key, wanted in flags.items() if wanted}
    forget_keys(keys)


@contextlib.contextmanager
def bulk_change() -> Iterator[None]:
    """Collect what is forgotten inside the block (by signals or explicit calls) and
    bump each key once when the block ends, even if it fails part-way (earlier
    batches of an import are committed). Nested blocks bump at the outermost end."""
    _bulk.depth += 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if not _bulk.depth:
            keys, _bulk.keys = _bulk.keys, set()
            forget_keys(keys)


# --- Cached pages ----------------------------------------------------------------

# Part of the key: a new release whose Entry differs ignores the old ones.
ENTRY_FORMAT = 2
ENTRY_PREFIX = f"pagecache:page:{ENTRY_FORMAT}:"
LOCK_PREFIX = "pagecache:lock:"
# A page is kept a week at most, so pages nobody asks for leave the cache; this is
# a bound on memory, not the invalidation (versions are).
ENTRY_SECONDS = 7 * 24 * 3600
# A worker that died while rendering frees the page after this long.
LOCK_SECONDS = 10


@dataclass
class Entry:
    """One stored response and the versions it was rendered from."""

    versions: dict[str, str]
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    last_modified: float

    def is_current(self) -> bool:
        return current_versions(self.versions) == self.versions


def content_hash(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def now() -> float:
    return time.time()


# Each process also keeps the entries it served last, so a hit reads only the
# (small) versions from the shared cache, not the page. A kept entry is served only
# while its versions are current, like one read from the cache.
LOCAL_ENTRIES = 256
_local: dict[str, Entry] = {}


def entry_get(key: str) -> Entry | None:
    entry = cache.get(ENTRY_PREFIX + key)
    if not isinstance(entry, Entry):
        return None
    _keep_local(key, entry)
    return entry


def entry_get_local(key: str) -> Entry | None:
    return _local.get(key)


_local_lock = threading.Lock()  # a worker's threads share its kept entries


def _keep_local(key: str, entry: Entry) -> None:
    with _local_lock:
        if key not in _local and len(_local) >= LOCAL_ENTRIES:
            _local.pop(next(iter(_local)))  # the oldest kept
        _local[key] = entry


def entry_set(key: str, entry: Entry) -> None:
    cache.set(ENTRY_PREFIX + key, entry, timeout=ENTRY_SECONDS)
    _keep_local(key, entry)


def forget_local_entries() -> None:
    """Drop this process's copies (the shared cache was cleared)."""
    _local.clear()


def lock_acquire(key: str) -> bool:
    """Claim the right to render this page; only one process holds it at a time."""
    return cache.add(LOCK_PREFIX + key, time.time(), timeout=LOCK_SECONDS)


def lock_release(key: str) -> None:
    cache.delete(LOCK_PREFIX + key)


def wait_for_entry(key: str, seconds: float, step: float = 0.02) -> Entry | None:
    """Poll for a current entry that another process is rendering."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(step)
        entry = entry_get(key)
        if entry is not None and entry.is_current():
            return entry
        if not cache.has_key(LOCK_PREFIX + key):
            return entry if entry is not None and entry.is_current() else None
    return None


def request_key(request: HttpRequest) -> str:
    """Scheme, host and full path: a page's links may use the request's host."""
    scheme = "https" if request.is_secure() else "http"
    host = request.META.get("HTTP_HOST", "")
    url = f"{scheme}://{host}{request.get_full_path()}"
    # Hashed: cache backends limit key length and characters.
    return hashlib.sha256(url.encode()).hexdigest()


def resolved_dependencies(
    page: CachedPage, request: HttpRequest, kwargs: dict[str, Any]
) -> list[str] | None:
    if is_personal_request(request):
        return None
    keys = page.dependencies(request, **kwargs)
    return None if keys is None else sorted({SITE, *keys})


# --- Forgetting on every save ----------------------------------------------------


def forget_on_change(model: type[Model], forget: Callable[[Any], None]) -> None:
    """Call `forget(instance)` after every save and every delete of `model`,
    wherever it happens (views, admin, shell, scripts)."""

    def receiver(sender: type[Model], instance: Any, **kwargs: Any) -> None:
        forget(instance)

    for signal in (post_save, post_delete):
        signal.connect(
            receiver,
            sender=model,
            weak=False,
            dispatch_uid=(
                f"pagecache:{model._meta.label}:{forget.__module__}."
                f"{forget.__qualname__}:{id(signal)}"
            ),
        )


def versioned_key(name: str, *keys: str) -> str:
    """A cache key for a value computed from what `keys` name (`LISTS`), which
    changes when they are forgotten: `cache.get_or_set(versioned_key("home", LISTS),
    build)` is rebuilt after the next change instead of after a delay."""
    versions = current_versions((SITE, *keys))
    return f"{name}:" + ":".join(versions[key] for key in sorted(versions))


@dataclass
class PreviousVersionsWatch:
    served: bool = False  # a list was given in its previous version


# The watch of the request being rendered: a page made with a previous version of a
# list must not be stored as current (pages/middleware.py).
_watch: ContextVar[PreviousVersionsWatch | None] = ContextVar("watch", default=None)


@contextlib.contextmanager
def previous_versions_watched() -> Iterator[PreviousVersionsWatch]:
    """Within it, `versioned_value` notes on the watch yielded whether it gave a
    list in its previous version."""
    watch = PreviousVersionsWatch()
    token = _watch.set(watch)
    try:
        yield watch
    finally:
        _watch.reset(token)


@dataclass(frozen=True)
class Versioned:
    value: Any
    current: bool  # False: the previous version, served while the new one builds


@dataclass(frozen=True)
class _Built:
    value: Any
    seconds: float


def versioned_value(
    name: str, build: Callable[[], Any], *keys: str, timeout: int
) -> Versioned:
    """The value `build` makes from what `keys` name (`LISTS`), cached until they
    change (`versioned_key`).

    A value that was slow to build (more than settings.LISTS_GRACE_MS) is not built
    again by the request that finds it outdated: that request gets the previous
    version while a thread builds the new one, once across every process (the lock
    is in the shared cache). At a million films the home page's tallies took
    730 ms and a genre's count 300 ms, after every change to a listed film."""
    key = versioned_key(name, *keys)
    built = cache.get(key)
    if built is not None:
        return Versioned(built.value, current=True)
    latest_key = f"{name}:latest"
    previous = cache.get(latest_key)
    grace = settings.LISTS_GRACE_MS / 1000
    if previous is not None and grace and previous.seconds > grace:
        if cache.add(f"{key}:building", 1, timeout=600):
            threading.Thread(
                target=_build_in_background,
                args=(key, latest_key, build, timeout),
                name=f"build {name}",
                daemon=True,
            ).start()
        watch = _watch.get()
        if watch is not None:
            watch.served = True
        return Versioned(previous.value, current=False)
    return Versioned(_build(key, latest_key, build, timeout).value, current=True)


def _build(key: str, latest_key: str, build: Callable[[], Any], timeout: int) -> _Built:
    started = time.perf_counter()
    built = _Built(build(), time.perf_counter() - started)
    cache.set_many({key: built, latest_key: built}, timeout)
    return built


def _build_in_background(
    key: str, latest_key: str, build: Callable[[], Any], timeout: int
) -> None:
    try:
        _build(key, latest_key, build, timeout)
    except Exception:
        log.exception("Building %s failed; the next request tries again", key)
    finally:
        cache.delete(f"{key}:building")
        connections.close_all()  # this thread's own

"""Lists and counts slow to build are served in their previous version after a
change while a thread builds the new one (pages/cache.py `versioned_value`)."""

from __future__ import annotations

import threading
import time

import pytest

from cinematheque.catalogue import views
from cinematheque.pages.cache import LISTS, page_cache_forget, versioned_value


class SlowCount:
    """A build that takes `seconds` and counts how often it ran."""

    def __init__(self, seconds: float, fail: bool = False) -> None:
        self.seconds, self.fail, self.runs = seconds, fail, 0
        self.lock = threading.Lock()

    def __call__(self) -> int:
        time.sleep(self.seconds)
        with self.lock:
            self.runs += 1
            if self.fail:
                raise RuntimeError("the database went away")
            return self.runs


def built_again(name: str, build: SlowCount, seconds: float = 5.0) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = versioned_value(name, build, LISTS, timeout=60)
        if value.current:
            return value.value
        time.sleep(0.01)
    raise AssertionError(f"{name} was not built again")


@pytest.fixture
def grace(settings):
    settings.LISTS_GRACE_MS = 20


def test_a_slow_list_is_served_in_its_previous_version_while_it_builds(grace):
    build = SlowCount(0.05)
    first = versioned_value("test:slow", build, LISTS, timeout=60)
    assert (first.value, first.current) == (1, True)  # nothing earlier to serve
    page_cache_forget(lists=True)

    answers = [versioned_value("test:slow", build, LISTS, timeout=60) for _ in range(3)]

    assert [(answer.value, answer.current) for answer in answers] == [(1, False)] * 3
    assert built_again("test:slow", build) == 2
    assert build.runs == 2  # one background build for the three requests


def test_a_quick_list_is_built_again_in_the_request(grace):
    build = SlowCount(0.0)
    versioned_value("test:quick", build, LISTS, timeout=60)
    page_cache_forget(lists=True)

    answer = versioned_value("test:quick", build, LISTS, timeout=60)

    assert (answer.value, answer.current) == (2, True)


def test_without_grace_every_change_is_built_in_the_request(settings):
    settings.LISTS_GRACE_MS = 0
    build = SlowCount(0.05)
    versioned_value("test:off", build, LISTS, timeout=60)
    page_cache_forget(lists=True)

    assert versioned_value("test:off", build, LISTS, timeout=60).value == 2


def test_a_failed_background_build_is_tried_again_by_a_later_request(grace, caplog):
    build = SlowCount(0.05)
    versioned_value("test:fails", build, LISTS, timeout=60)
    page_cache_forget(lists=True)
    build.fail = True
    assert versioned_value("test:fails", build, LISTS, timeout=60).value == 1
    deadline = time.monotonic() + 5
    while "Building test:fails" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "the database went away" in caplog.text
    build.fail = False

    assert built_again("test:fails", build) == 3  # the failed run counted too


def test_a_process_keeps_only_the_current_version_of_a_list(grace):
    build = SlowCount(0.05)
    assert views._cached_list("test:kept", build) == 1
    page_cache_forget(lists=True)
    assert views._cached_list("test:kept", build) == 1  # previous, not kept
    deadline = time.monotonic() + 5
    while views._cached_list("test:kept", build) != 2:
        assert time.monotonic() < deadline, "the new version never replaced the old"
        time.sleep(0.01)
    assert views._cached_list("test:kept", build) == 2


def test_a_page_rendered_with_a_previous_list_is_not_kept_as_current(
    grace, client, monkeypatch, transactional_db
):
    """The home page counts the films of each genre. After a change, a visitor may
    get the previous counts while they build, but the page cache does not keep that
    page as current: once the counts are built the next visitor gets them."""
    from tests import factories

    crime = factories.make_genre("Crime")
    factories.make_film(title="Heat", year=1995, slug="heat-1995").genres.add(crime)
    counting = views._genres_by_size

    def slow_count() -> list:
        time.sleep(0.05)
        return counting()

    monkeypatch.setattr(views, "_genres_by_size", slow_count)
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    factories.make_film(title="Ronin", year=1998, slug="ronin-1998").genres.add(crime)

    with_previous = client.get("/")  # one Crime film still, not stored

    assert "X-Cache" not in with_previous, with_previous["X-Cache"]
    deadline = time.monotonic() + 5
    while (
        views._cached_list("catalogue:genre-counts", slow_count)[0]["film_count"] != 2
    ):
        assert time.monotonic() < deadline, "the counts were never built again"
        time.sleep(0.01)
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"

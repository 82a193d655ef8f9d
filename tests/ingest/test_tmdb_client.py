"""The TMDB client against a local server replaying TMDB's real answers."""

from __future__ import annotations

import datetime
import socket

import pytest

from cinematheque.catalogue.images import ImageConfiguration
from cinematheque.ingest.tmdb import (
    FILM_BLOCKS,
    RequestCeiling,
    TmdbAuthError,
    TmdbClient,
    TmdbCredentials,
    TmdbError,
    TmdbNotFound,
    TmdbUnavailable,
    backoff_delay,
    changes_windows,
    retry_after_seconds,
)
from tests.ingest.tmdb_replay import (
    BAD_KEY,
    NOT_FOUND,
    OFFLINE,
    SERVER_ERROR,
    Answer,
    ok,
    too_many,
)


def test_film_is_fetched_with_every_block_appended_and_the_key_as_a_parameter(
    tmdb_replay, tmdb_client
):
    tmdb_replay.route("/movie/550", ok("movie_550_append.json"))

    data = tmdb_client.movie(550)

    assert data["title"] == "Fight Club"
    assert data["credits"]["cast"][0]["name"] == "Edward Norton"
    request = tmdb_replay.requests[0]
    assert request.query["api_key"] == "test-key"
    assert request.query["append_to_response"].split(",") == list(FILM_BLOCKS)
    assert "watch/providers" in request.query["append_to_response"]
    assert "authorization" not in {name.lower() for name in request.headers}


def test_read_access_token_is_sent_as_a_bearer_header_instead_of_a_key(
    tmdb_replay, fake_time
):
    tmdb_replay.route("/configuration", ok("configuration.json"))
    credentials = TmdbCredentials(api_key="unused", read_access_token="eyJtoken")
    with TmdbClient(
        credentials, base_url=tmdb_replay.url, sleep=fake_time.sleep
    ) as client:
        client.configuration()

    request = tmdb_replay.requests[0]
    assert request.headers["Authorization"] == "Bearer eyJtoken"
    assert "api_key" not in request.query


def test_more_than_twenty_appended_blocks_are_refused_before_any_request(
    tmdb_replay, tmdb_client
):
    with pytest.raises(ValueError, match="at most 20"):
        tmdb_client.movie(550, blocks=[f"block{i}" for i in range(21)])
    assert tmdb_replay.requests == []


def test_missing_credentials_are_reported_before_any_request():
    with pytest.raises(TmdbAuthError, match="TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN"):
        TmdbClient(TmdbCredentials())


def test_a_refused_key_raises_a_clear_error_without_retrying(tmdb_replay, tmdb_client):
    tmdb_replay.route("/movie/550", BAD_KEY)

    with pytest.raises(TmdbAuthError, match=r"401: Invalid API key.*TMDB_API_KEY"):
        tmdb_client.movie(550)
    assert len(tmdb_replay.requests) == 1


def test_an_unknown_film_raises_not_found_without_retrying(tmdb_replay, tmdb_client):
    tmdb_replay.route("/movie/999999999", NOT_FOUND)

    with pytest.raises(TmdbNotFound, match="could not be found"):
        tmdb_client.movie(999999999)
    assert len(tmdb_replay.requests) == 1


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    tmdb_replay, tmdb_client, fake_time
):
    tmdb_replay.route("/movie/949", too_many("3"), ok("movie_949.json"))

    data = tmdb_client.movie(949, blocks=())

    assert data["title"] == "Heat"
    assert 3.0 in fake_time.sleeps
    assert len(tmdb_replay.requests) == 2


def test_server_errors_are_retried_with_growing_jittered_delays(
    tmdb_replay, tmdb_client, fake_time
):
    tmdb_replay.route("/movie/949", SERVER_ERROR, OFFLINE, ok("movie_949.json"))

    assert tmdb_client.movie(949)["id"] == 949
    backoffs = [
        s for s in fake_time.sleeps if s > 0.05
    ]  # the ceiling's own waits aside
    assert backoffs == [0.5, 1.0]


def test_a_service_that_keeps_failing_raises_unavailable_after_the_retries(
    tmdb_replay, tmdb_client
):
    tmdb_replay.route("/movie/949", SERVER_ERROR)

    with pytest.raises(TmdbUnavailable, match="answered 500"):
        tmdb_client.movie(949)
    assert len(tmdb_replay.requests) == 5  # one try and four retries


def test_a_body_that_is_not_json_is_a_clear_error(tmdb_replay, tmdb_client):
    tmdb_replay.route("/movie/949", Answer(200, body=b"<html>maintenance</html>"))

    with pytest.raises(TmdbError, match="not JSON"):
        tmdb_client.movie(949)


def test_timeouts_are_retried(fake_time):
    """A server that accepts the connection and never answers."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    host, port = silent.getsockname()
    client = TmdbClient(
        TmdbCredentials(api_key="k"),
        base_url=f"http://{host}:{port}/3",
        timeout=0.05,
        retries=1,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        jitter=lambda: 0.0,
    )
    try:
        with pytest.raises(TmdbUnavailable, match="timed out"):
            client.configuration()
        assert client.requests_sent == 2
    finally:
        client.close()
        silent.close()


def test_requests_are_spaced_by_the_ceiling(tmdb_replay, fake_time):
    tmdb_replay.route("/configuration", ok("configuration.json"))
    client = TmdbClient(
        TmdbCredentials(api_key="k"),
        base_url=tmdb_replay.url,
        requests_per_second=4,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )
    with client:
        for _ in range(3):
            client.configuration()

    assert fake_time.sleeps == [0.25, 0.25]


def test_ceiling_does_not_wait_when_requests_are_already_slower():
    now = [0.0]
    sleeps: list[float] = []
    ceiling = RequestCeiling(2, clock=lambda: now[0], sleep=sleeps.append)
    ceiling.wait()
    now[0] = 5.0
    ceiling.wait()
    assert sleeps == []


def test_find_returns_the_tmdb_ids_of_an_imdb_id(tmdb_replay, tmdb_client):
    tmdb_replay.route("/find/tt0111161", ok("find_tt0111161.json"))

    assert tmdb_client.find_movie_ids("tt0111161") == [278]
    assert tmdb_replay.requests[0].query["external_source"] == "imdb_id"


def test_person_is_fetched(tmdb_replay, tmdb_client):
    tmdb_replay.route("/person/287", ok("person_287.json"))

    assert tmdb_client.person(287)["imdb_id"] == "nm0000093"


def test_changes_are_asked_in_windows_of_fourteen_days_and_every_page(
    tmdb_replay, tmdb_client
):
    tmdb_replay.route("/movie/changes", ok("movie_changes.json"))

    ids = list(
        tmdb_client.changed_movie_ids(
            start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 20)
        )
    )

    assert ids == [550, 551, 552]  # each id once, though every page repeats them
    windows = {
        (r.query["start_date"], r.query["end_date"]) for r in tmdb_replay.requests
    }
    assert windows == {("2026-11-01", "2026-11-14"), ("2026-11-15", "2026-11-20")}
    assert len(tmdb_replay.requests) == 20  # total_pages is 10 in each window


def test_changes_windows_cover_the_range_without_overlap():
    windows = list(
        changes_windows(datetime.date(2026, 1, 1), datetime.date(2026, 1, 29))
    )
    assert windows == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 14)),
        (datetime.date(2026, 1, 15), datetime.date(2026, 1, 28)),
        (datetime.date(2026, 1, 29), datetime.date(2026, 1, 29)),
    ]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (None, 1.0), ("soon", 1.0), ("-4", 0.0), ("86400", 60.0)],
)
def test_retry_after_is_read_safely(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_backoff_doubles_and_is_capped():
    assert [backoff_delay(n, 1.0) for n in (1, 2, 3, 10)] == [0.5, 1.0, 2.0, 30.0]
    assert backoff_delay(1, 0.0) == 0.25


def test_image_urls_use_the_configuration_base_and_the_nearest_width(
    tmdb_replay, tmdb_client
):
    tmdb_replay.route("/configuration", ok("configuration.json"))
    images = ImageConfiguration.from_json(tmdb_client.configuration())

    assert images.base_url == "https://image.tmdb.org/t/p/"
    assert (
        images.url("poster", "/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg", 300)
        == "https://image.tmdb.org/t/p/w342/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg"
    )
    assert images.size_for("backdrop", 1280) == "w1280"
    assert images.size_for("backdrop", 4000) == "w1280"
    assert images.size_for("profile", 90) == "w185"


def test_the_suite_cannot_reach_tmdb_itself():
    with socket.socket() as outside, pytest.raises(RuntimeError, match="may not reach"):
        outside.connect(("93.184.216.34", 443))

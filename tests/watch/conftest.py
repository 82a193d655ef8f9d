"""Where to watch: a film with the offers of tests/fixtures/tmdb/
movie_299536_watch_providers.json, written through the TMDB source's own store."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest

from cinematheque.catalogue.models import Film
from cinematheque.ingest import tmdb
from cinematheque.ingest.services import tmdb_source_get, tmdb_watch_offers_store
from tests import factories
from tests.ingest.tmdb_replay import FIXTURES

FETCHED_AT = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.UTC)


def providers_answer() -> dict:
    return json.loads((FIXTURES / "movie_299536_watch_providers.json").read_text())


def store_offers(
    film: Film, answer: dict, fetched_at: datetime.datetime = FETCHED_AT
) -> bool:
    offers = tmdb.watch_providers_record(answer)
    assert offers is not None
    return tmdb_watch_offers_store(
        film=film, offers=offers, retrieved_at=fetched_at, source=tmdb_source_get()
    )


@dataclass
class WatchSample:
    avengers: Film
    """TMDB id, offers in BE, CA, CY, DE fetched on FETCHED_AT."""
    unfetched: Film
    """TMDB id, never fetched."""
    untied: Film
    """No TMDB id."""


@pytest.fixture
def watch_sample(db) -> WatchSample:
    avengers = factories.make_film(
        title="Avengers: Infinity War",
        year=2018,
        slug="avengers-infinity-war-2018",
        tmdb_id=299536,
    )
    store_offers(avengers, providers_answer())
    return WatchSample(
        avengers=avengers,
        unfetched=factories.make_film(title="Heat", year=1995, tmdb_id=949),
        untied=factories.make_film(title="Untitled Reel", year=None),
    )


@pytest.fixture
def tmdb_replay():
    from tests.ingest.tmdb_replay import replay_server

    yield from replay_server()

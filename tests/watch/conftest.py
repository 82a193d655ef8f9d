"""Where to watch: a film with the offers of tests/fixtures/tmdb/
movie_299536_watch_providers.json, written through the TMDB source's own store; and
films with streaming offers in two countries, and members with services."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from cinematheque.catalogue.models import Film, WatchOffer
from cinematheque.ingest import tmdb
from cinematheque.ingest.services import tmdb_source_get, tmdb_watch_offers_store
from cinematheque.watch.models import MemberService
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


NETFLIX, TUBI, MUBI, CANAL = "8", "73", "11", "381"


def make_offer(
    film: Film,
    *,
    provider_id: str,
    provider: str,
    country: str = "US",
    kind: str = WatchOffer.Kind.FLATRATE,
    priority: int | None = None,
) -> WatchOffer:
    return WatchOffer.objects.create(
        film=film,
        country=country,
        kind=kind,
        provider=provider,
        provider_id=provider_id,
        logo_path=f"/logo-{provider_id}.jpg",
        display_priority=priority,
    )


def declare(user, *providers: tuple[str, str]) -> None:
    for provider_id, name in providers:
        MemberService.objects.create(user=user, provider_id=provider_id, provider=name)


@pytest.fixture
def world(db, settings) -> SimpleNamespace:
    settings.CINEMATHEQUE_REGION = "US"
    return build_world()


def build_world() -> SimpleNamespace:
    """Quayside (Netflix, US), Rookery (Tubi free, US), Lantern (Mubi in France;
    only for rent on Netflix in the US), Orchard (no offers). Ada (no region: the
    operator's US) has Netflix and Tubi; Bruno (France) has Mubi; Carla has none."""
    quayside = factories.make_film(title="Quayside Nights", year=1995, notability=90)
    rookery = factories.make_film(title="Rookery Nights", year=1996, notability=80)
    lantern = factories.make_film(title="Lantern Nights", year=1997, notability=70)
    orchard = factories.make_film(title="Orchard Nights", year=1998, notability=60)
    make_offer(quayside, provider_id=NETFLIX, provider="Netflix", priority=1)
    make_offer(
        rookery,
        provider_id=TUBI,
        provider="Tubi TV",
        kind=WatchOffer.Kind.FREE,
        priority=5,
    )
    make_offer(lantern, provider_id=MUBI, provider="MUBI", country="FR", priority=2)
    make_offer(
        lantern, provider_id=NETFLIX, provider="Netflix", kind=WatchOffer.Kind.RENT
    )
    make_offer(orchard, provider_id=CANAL, provider="Canal+", country="FR", kind="buy")
    ada = factories.make_user(username="ada")
    bruno = factories.make_user(username="bruno", region="FR")
    carla = factories.make_user(username="carla")
    declare(ada, (NETFLIX, "Netflix"), (TUBI, "Tubi TV"))
    declare(bruno, (MUBI, "MUBI"))
    return SimpleNamespace(
        quayside=quayside,
        rookery=rookery,
        lantern=lantern,
        orchard=orchard,
        ada=ada,
        bruno=bruno,
        carla=carla,
        films=[quayside, rookery, lantern, orchard],
    )

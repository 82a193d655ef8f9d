"""Films with streaming offers in two countries, and two members with services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cinematheque.catalogue.models import Film, WatchOffer
from cinematheque.watch.models import MemberService
from tests import factories

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

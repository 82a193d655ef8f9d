"""A film's where-to-watch offers in one region, grouped the way people choose
(stream, free, with ads, rent, buy), and the honest state when there are none."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from cinematheque.catalogue.images import tmdb_image_configuration
from cinematheque.catalogue.models import Film, WatchOffer, WatchOfferFetch
from cinematheque.watch.where.countries import country_name
from cinematheque.watch.where.regions import default_region

Kind = WatchOffer.Kind
KIND_ORDER: tuple[str, ...] = (Kind.FLATRATE, Kind.FREE, Kind.ADS, Kind.RENT, Kind.BUY)
STREAMING_KINDS = frozenset({Kind.FLATRATE, Kind.FREE, Kind.ADS})
LOGO_WIDTH = 92  # TMDB's w92: 46 CSS pixels, sharp on high-density screens


@dataclass(frozen=True, slots=True)
class ProviderOffer:
    provider: str
    provider_id: str
    logo_url: str
    link: str
    """TMDB's watch page of the film in the region (TMDB asks for it, not deep links)."""
    display_priority: int | None
    is_mine: bool = False
    """One of the member's declared services (watch.MemberService)."""


@dataclass(frozen=True, slots=True)
class OfferGroup:
    kind: str
    label: str
    offers: tuple[ProviderOffer, ...]


def group_offers(
    offers: Iterable[WatchOffer], *, preferred_provider_ids: Set[str] = frozenset()
) -> list[OfferGroup]:
    """The offers (of one region) grouped as Stream, Free, With ads, Rent, Buy, the
    groups in that order and without empty ones; in each group the member's own
    services (`preferred_provider_ids`, TMDB provider ids) first and flagged
    `is_mine`, then TMDB's display priority (1 first; none last), then the name."""
    images = tmdb_image_configuration()
    by_kind: dict[str, list[ProviderOffer]] = {kind: [] for kind in KIND_ORDER}
    for offer in offers:
        if offer.kind not in by_kind:
            continue
        by_kind[offer.kind].append(
            ProviderOffer(
                provider=offer.provider,
                provider_id=offer.provider_id,
                logo_url=images.url("logo", offer.logo_path, LOGO_WIDTH),
                link=offer.link,
                display_priority=offer.display_priority,
                is_mine=bool(offer.provider_id)
                and offer.provider_id in preferred_provider_ids,
            )
        )
    return [
        OfferGroup(
            kind=kind,
            label=str(Kind(kind).label),
            offers=tuple(sorted(by_kind[kind], key=_offer_order)),
        )
        for kind in KIND_ORDER
        if by_kind[kind]
    ]


def _offer_order(offer: ProviderOffer) -> tuple[bool, bool, int, str]:
    priority = offer.display_priority
    return (
        not offer.is_mine,
        priority is None,
        priority or 0,
        offer.provider.casefold(),
    )


class State(enum.StrEnum):
    OFFERS = "offers"
    """Offers in the region (maybe only to rent or buy: see `can_stream`)."""
    NONE_HERE = "none_here"
    """Fetched from TMDB, and nothing in the region."""
    NOT_FETCHED = "not_fetched"
    """The film has a TMDB id, and its offers were never fetched."""
    NO_TMDB = "no_tmdb"
    """The film has no TMDB id: there is nowhere to fetch offers from."""


@dataclass(slots=True)
class WhereToWatch:
    """What the where-to-watch section shows for a film in a region."""

    film: Film
    region: str
    state: State
    groups: list[OfferGroup] = field(default_factory=list)
    fetched_at: datetime.datetime | None = None
    link: str = ""
    """TMDB's watch page of the film in the region ("" without offers)."""
    regions: list[str] = field(default_factory=list)
    """The countries with offers for this film, and the region, by name."""

    @property
    def region_name(self) -> str:
        return country_name(self.region)

    @property
    def can_stream(self) -> bool:
        return any(group.kind in STREAMING_KINDS for group in self.groups)

    @property
    def region_choices(self) -> list[tuple[str, str]]:
        """(code, name) of `regions` and of the operator's region (a way back from
        a region chosen by mistake), by name, for the switcher."""
        codes = {*self.regions, default_region()}
        return sorted(
            ((code, country_name(code)) for code in codes),
            key=lambda choice: choice[1].casefold(),
        )

    @property
    def has_mine(self) -> bool:
        return any(offer.is_mine for group in self.groups for offer in group.offers)


def where_to_watch(
    film: Film, region: str, *, preferred_provider_ids: Set[str] = frozenset()
) -> WhereToWatch:
    """The film's offers in `region` (an ISO 3166-1 code) and its state, in three
    queries: the region's offers, the countries that have any, the fetch time."""
    offers = list(WatchOffer.objects.filter(film=film, country=region))
    countries = set(
        WatchOffer.objects.filter(film=film)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    fetch = WatchOfferFetch.objects.filter(film=film).only("fetched_at").first()
    fetched_at = fetch.fetched_at if fetch else None
    if offers:
        state = State.OFFERS
    elif fetch is not None:
        state = State.NONE_HERE
    elif film.tmdb_id:
        state = State.NOT_FETCHED
    else:
        state = State.NO_TMDB
    return WhereToWatch(
        film=film,
        region=region,
        state=state,
        groups=group_offers(offers, preferred_provider_ids=preferred_provider_ids),
        fetched_at=fetched_at,
        link=next((offer.link for offer in offers if offer.link), ""),
        regions=sorted(countries | {region}),
    )

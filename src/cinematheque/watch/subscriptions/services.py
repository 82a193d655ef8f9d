"""What a member subscribes to: the services they can choose from (the providers
of streaming offers in a country) and the service that saves their choice."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Min, QuerySet

from cinematheque.catalogue.images import tmdb_image_configuration
from cinematheque.catalogue.models import WatchOffer
from cinematheque.members.models import User
from cinematheque.watch.models import MemberService

# Offers a subscriber watches without paying per film.
STREAMING_KINDS = (
    WatchOffer.Kind.FLATRATE,
    WatchOffer.Kind.FREE,
    WatchOffer.Kind.ADS,
)
MAX_SERVICES = 200
MAX_PROVIDER_ID_LENGTH = 20
LOGO_WIDTH = 92  # 46 CSS pixels, sharp on most screens


class UnknownProviders(ValueError):
    """Provider ids that no streaming offer has (and the member had not chosen)."""

    def __init__(self, provider_ids: Collection[str]) -> None:
        self.provider_ids = sorted(provider_ids)
        shown = ", ".join(
            repr(pid[:MAX_PROVIDER_ID_LENGTH]) for pid in self.provider_ids[:10]
        )
        super().__init__(
            f"Unknown streaming service id{'s' if len(self.provider_ids) > 1 else ''}: "
            f"{shown}. Use the provider ids of streaming offers (TMDB's ids)."
        )


@dataclass(frozen=True)
class Provider:
    """A streaming service as a member chooses it."""

    provider_id: str
    name: str
    logo_url: str = ""
    film_count: int = 0


def streaming_offers() -> QuerySet[WatchOffer]:
    return WatchOffer.objects.filter(kind__in=STREAMING_KINDS).exclude(provider_id="")


def provider_choices(region: str) -> list[Provider]:
    """The services with streaming offers (subscription, free or with ads) in the
    country `region`, in TMDB's display order, each with its number of films."""
    rows = (
        streaming_offers()
        .filter(country=region)
        .values("provider_id")
        .annotate(
            name=Max("provider"),
            logo_path=Max("logo_path"),
            priority=Min("display_priority"),
            film_count=Count("film", distinct=True),
        )
        .order_by()
    )
    images = tmdb_image_configuration()
    providers = sorted(
        rows,
        key=lambda row: (
            row["priority"] is None,
            row["priority"] or 0,
            row["name"].lower(),
        ),
    )
    return [
        Provider(
            provider_id=row["provider_id"],
            name=row["name"],
            logo_url=images.url("logo", row["logo_path"], LOGO_WIDTH),
            film_count=row["film_count"],
        )
        for row in providers
    ]


def member_services(user: User) -> QuerySet[MemberService]:
    return MemberService.objects.filter(user=user).order_by("provider", "provider_id")


def has_services(user: User) -> bool:
    return MemberService.objects.filter(user=user).exists()


def logo_urls(provider_ids: Collection[str]) -> dict[str, str]:
    """A logo for each of these providers, from any country's offers."""
    images = tmdb_image_configuration()
    rows = (
        streaming_offers()
        .filter(provider_id__in=list(provider_ids))
        .exclude(logo_path="")
        .values_list("provider_id")
        .annotate(path=Max("logo_path"))
        .order_by()
    )
    return {pid: images.url("logo", path, LOGO_WIDTH) for pid, path in rows}


def _provider_names(provider_ids: Collection[str]) -> dict[str, str]:
    rows = (
        streaming_offers()
        .filter(provider_id__in=list(provider_ids))
        .values_list("provider_id")
        .annotate(name=Max("provider"))
        .order_by()
    )
    return dict(rows)


@transaction.atomic
def member_services_set(
    *, user: User, provider_ids: Collection[str]
) -> list[MemberService]:
    """Make the member's services exactly these providers (TMDB provider ids).
    An id must be a provider of some streaming offer (any country), or one the
    member already has: UnknownProviders otherwise, and nothing changes."""
    wanted = {str(pid).strip() for pid in provider_ids} - {""}
    if len(wanted) > MAX_SERVICES:
        raise ValueError(f"Choose at most {MAX_SERVICES} services.")
    # No provider has such an id; PostgreSQL would not even compare a NUL byte.
    unusable = {
        pid
        for pid in wanted
        if len(pid) > MAX_PROVIDER_ID_LENGTH or not pid.isprintable()
    }
    usable = wanted - unusable
    kept = set(
        MemberService.objects.filter(user=user, provider_id__in=usable).values_list(
            "provider_id", flat=True
        )
    )
    names = _provider_names(usable - kept)
    unknown = wanted - kept - set(names)
    if unknown:
        raise UnknownProviders(unknown)
    MemberService.objects.filter(user=user).exclude(provider_id__in=wanted).delete()
    MemberService.objects.bulk_create(
        [
            MemberService(user=user, provider_id=pid, provider=name)
            for pid, name in names.items()
        ]
    )
    return list(member_services(user))

"""GET /films/{slug}/watch-offers: where to watch a film in a region."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from cinematheque.api.caching import public_cache
from cinematheque.api.routers.params import SLUG_PATTERN
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.watch_offers import WatchOffersOut
from cinematheque.catalogue.models import Film
from cinematheque.watch.where.countries import normalise_country
from cinematheque.watch.where.offers import where_to_watch
from cinematheque.watch.where.regions import default_region

router = Router(tags=["films"])
router.add_decorator(public_cache, mode="view")

BAD_REGION = "region must be a two-letter ISO 3166-1 country code, like FR or US."


@router.get(
    "/{slug}/watch-offers",
    response={200: WatchOffersOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="getFilmWatchOffers",
    url_name="film_watch_offers",
    summary="Where to watch a film",
    description=(
        "The film's streaming, rental and purchase offers in one region (TMDB's "
        "watch providers, data by JustWatch), grouped and ordered as the film page "
        "shows them, with the time they were fetched. Without `region`, the "
        "operator's default region."
    ),
)
def get_film_watch_offers(
    request: HttpRequest,
    slug: str = Path(
        ..., max_length=255, pattern=SLUG_PATTERN, description="e.g. 'heat-1995'."
    ),
    region: str | None = Query(
        None, max_length=10, description="ISO 3166-1 code, e.g. 'FR'."
    ),
) -> dict[str, Any]:
    code = default_region() if region is None else normalise_country(region)
    if code is None:
        raise HttpError(400, BAD_REGION)
    film = Film.objects.filter(slug=slug).only("id", "slug", "tmdb_id").first()
    if film is None:
        raise Http404(f"No film with slug {slug!r}.")
    where = where_to_watch(film, code)
    return {
        "film": film.slug,
        "region": where.region,
        "country": where.region_name,
        "state": str(where.state),
        "fetched_at": where.fetched_at,
        "link": where.link,
        "groups": [
            {
                "kind": group.kind,
                "label": group.label,
                "offers": [asdict(offer) for offer in group.offers],
            }
            for group in where.groups
        ],
        "regions": where.regions,
        "attribution": "Data by JustWatch",
    }

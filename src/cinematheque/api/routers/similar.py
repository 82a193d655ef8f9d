"""GET /films/{film_id}/similar: the related films of a film, each with its reason."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path, Router

from cinematheque.api.caching import public_cache
from cinematheque.api.routers.params import MAX_ID
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.similar import SimilarFilmsOut
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.models import Film
from cinematheque.recommendations.models import Recommendation

router = Router(tags=["films"])
router.add_decorator(public_cache, mode="view")


@router.get(
    "/{film_id}/similar",
    response={200: SimilarFilmsOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="listSimilarFilms",
    url_name="film_similar",
    summary="List films to watch next",
    description=(
        "The film page's \"Don't forget to watch\": related films, best first, each "
        "with a reason drawn from the data (a shared director, shared leads, a "
        "collection, genre and era). Never the film itself nor another record of it."
    ),
)
def list_similar_films(
    request: HttpRequest,
    film_id: int = Path(..., ge=1, le=MAX_ID, description="The film's id."),
) -> dict:
    items = list(Recommendation.objects.for_film(film_id))
    if not items and not Film.objects.filter(pk=film_id).exists():
        raise Http404(f"No film with id {film_id}.")
    limit = content_limit_for(request)
    if limit is not None:
        items = [item for item in items if limit.allows_film(item.recommended)]
    return {"items": items}

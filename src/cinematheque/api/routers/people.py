"""GET /people/{person_id} and /people/by-slug/{slug}."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Router

from cinematheque.api.caching import public_cache
from cinematheque.api.routers.params import MAX_ID, SLUG_PATTERN
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.people import PersonOut
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.people.models import Credit, Person

router = Router(tags=["people"])
router.add_decorator(public_cache, mode="view")


@router.get(
    "/by-slug/{slug}",
    response={200: PersonOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="getPersonBySlug",
    url_name="person_by_slug",
    summary="Get a person by slug",
    description=(
        "The same document as `getPerson`, looked up by the slug of the person's "
        "page (`al-pacino` for /people/al-pacino/)."
    ),
)
def get_person_by_slug(
    request: HttpRequest,
    slug: str = Path(
        ..., max_length=255, pattern=SLUG_PATTERN, description="e.g. 'al-pacino'."
    ),
) -> Person:
    return _person_or_404(
        _people(request).filter(slug=slug), f"No person with slug {slug!r}."
    )


@router.get(
    "/{person_id}",
    response={200: PersonOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="getPerson",
    url_name="person",
    summary="Get a person",
    description=(
        "A person with their filmography grouped by role (cast, directing, "
        "writing, …), newest films first. `/people/by-slug/{slug}` returns the same "
        "document by page slug."
    ),
)
def get_person(
    request: HttpRequest,
    person_id: int = Path(..., ge=1, le=MAX_ID, description="The person's id."),
) -> Person:
    return _person_or_404(
        _people(request).filter(pk=person_id), f"No person with id {person_id}."
    )


def _people(request: HttpRequest) -> QuerySet[Person]:
    # Two queries whatever the filmography's length: the person, then every credit
    # with its film (only the columns a film reference shows), without the films a
    # member's content limit hides.
    credits = Credit.objects.all()
    limit = content_limit_for(request)
    if limit is not None:
        credits = credits.filter(limit.film_filter("film__"))
    credits = credits.select_related("film").only(
        "person_id",
        "department",
        "job",
        "character",
        "order",
        "film__id",
        "film__slug",
        "film__title",
        "film__year",
    )
    return Person.objects.select_related("source").prefetch_related(
        Prefetch("credits", queryset=credits)
    )


def _person_or_404(people: QuerySet[Person], message: str) -> Person:
    person = people.first()
    if person is None:
        raise Http404(message)
    return person

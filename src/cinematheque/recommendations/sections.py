"""The recommendations' sections: "Don't forget to watch" on the film page and
"Where to start" on a person's page (see pages/registry.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.models import Film, FilmRelation
from cinematheque.catalogue.page import FilmPage, slug_url_parts
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.pages.personal import register_personal_field
from cinematheque.pages.registry import Section, register
from cinematheque.people.models import Person
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.starting_points import where_to_start


@dataclass(slots=True)
class RecommendationCard:
    title: str
    year: int | None
    url: str
    poster_url: str
    reason: str


# The recommendations app's own read (`for_film`), compiled once: a card needs these
# columns only (see catalogue/prepared.py for why the film page prepares its queries).
_CARDS = PreparedQuery(
    lambda film_id: Recommendation.objects.for_film(film_id).values_list(
        "recommended__title", "recommended__year", "recommended__slug", "reason"
    )
)


def film_recommendations(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The film's "Don't forget to watch" list in rank order, in one query."""
    film_prefix, film_suffix = slug_url_parts("catalogue:film")
    poster_prefix, poster_suffix = slug_url_parts("catalogue:poster")
    rows = _CARDS.rows(page.film.pk)
    return {
        "recommendations": [
            RecommendationCard(
                title=title,
                year=year,
                url=f"{film_prefix}{slug}{film_suffix}",
                poster_url=f"{poster_prefix}{slug}{poster_suffix}",
                reason=reason,
            )
            for title, year, slug, reason in rows
        ]
    }


def hidden_films(request: HttpRequest, film: Film) -> list[str]:
    """The personal field "hidden_films": addresses of the films suggested or related
    on the film's page that the member's content limit hides (hidden_films.js takes
    their cards off the page). Filtered beside the page rather than in it, so the
    page stays one cached copy for everyone."""
    limit = content_limit_for(request)
    if limit is None:
        return []
    ids = set(
        Recommendation.objects.filter(film=film).values_list(
            "recommended_id", flat=True
        )
    )
    for source, target in FilmRelation.objects.filter(
        Q(from_film=film) | Q(to_film=film)
    ).values_list("from_film_id", "to_film_id"):
        ids.update((source, target))
    ids.discard(film.pk)
    rows = Film.objects.filter(pk__in=ids).values_list(
        "slug", "certification", "certification_country"
    )
    film_prefix, film_suffix = slug_url_parts("catalogue:film")
    return sorted(
        f"{film_prefix}{slug}{film_suffix}"
        for slug, certification, country in rows
        if not limit.allows(certification, country)
    )


register_personal_field("hidden_films", hidden_films)


def person_starting_points(person: Person, *, preview: bool = False) -> dict[str, Any]:
    """The few films that best introduce the person's work."""
    return {"where_to_start": where_to_start(person=person)}


register(
    Section(
        name="dont-forget-to-watch",
        page="film",
        slot="main",
        order=80,
        template="recommendations/sections/dont_forget.html",
        load=film_recommendations,
    )
)
register(
    Section(
        name="where-to-start",
        page="person",
        slot="main",
        order=10,
        template="recommendations/sections/where_to_start.html",
        load=person_starting_points,
    )
)

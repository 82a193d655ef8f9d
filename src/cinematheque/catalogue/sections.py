"""The catalogue's sections (see pages/registry.py): on the film page its heading,
people, ratings, facts, money, credits, critics' scores, questions answered
from its data, related works and sources; on the about page its counts and data
sources. And the catalogue's sitemap sections.

All of them but the questions read `film_facts(page)`, which arranges the facts that
catalogue.page loaded (no further queries) the way the templates show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from cinematheque.catalogue.faq import answered_elsewhere, faq_from_data, faq_jsonld
from cinematheque.catalogue.links import site_url
from cinematheque.catalogue.models import Film, FilmRelation, Genre, ReviewScore, Source
from cinematheque.catalogue.page import FilmLink, FilmPage, PageCredit
from cinematheque.catalogue.sitemaps import (
    FilmSitemap,
    GenreSitemap,
    PageSitemap,
    PersonSitemap,
)
from cinematheque.catalogue.template_filters import format_release, format_score
from cinematheque.pages.registry import Loader, Section, register
from cinematheque.pages.sitemaps import register_sitemap
from cinematheque.people.models import Credit, Person

STARRING_COUNT = 4
HEADING_GENRES = 3  # the heading tags the most central genres; the facts list all
OPEN_QUESTIONS = 3  # the FAQ shows the first answers, the others behind their question

# How a relation reads from each end: "Remake of L.A. Takedown (1989)" on the remake,
# "Remade as Heat (1995)" on the original.
RELATION_FORWARD: dict[str, str] = {
    FilmRelation.Kind.REMAKE_OF: "Remake of",
    FilmRelation.Kind.SEQUEL_TO: "Sequel to",
    FilmRelation.Kind.BASED_ON: "Based on",
    FilmRelation.Kind.VERSION_OF: "Another version of",
}
RELATION_BACKWARD: dict[str, str] = {
    FilmRelation.Kind.REMAKE_OF: "Remade as",
    FilmRelation.Kind.SEQUEL_TO: "Followed by",
    FilmRelation.Kind.BASED_ON: "Adapted as",
    FilmRelation.Kind.VERSION_OF: "Another version:",
}
SCORE_NAMES: dict[str, tuple[str, str]] = {
    ReviewScore.Kind.TOMATOMETER: ("Rotten Tomatoes", "Tomatometer"),
    ReviewScore.Kind.RT_AVERAGE: ("Rotten Tomatoes", "Average critic rating"),
    ReviewScore.Kind.RT_AUDIENCE: ("Rotten Tomatoes", "Audience score"),
    ReviewScore.Kind.METACRITIC: ("Metacritic", "Metascore"),
    ReviewScore.Kind.IMDB: ("IMDb", "User rating"),
}
SCORE_ORDER = {kind: index for index, kind in enumerate(SCORE_NAMES)}
DEPARTMENT_ORDER = [
    Credit.Department.DIRECTING,
    Credit.Department.WRITING,
    Credit.Department.ACTING,
    Credit.Department.PRODUCTION,
    Credit.Department.CAMERA,
    Credit.Department.EDITING,
    Credit.Department.SOUND,
    Credit.Department.ART,
]


@dataclass(slots=True)
class CreditGroup:
    department: str
    label: str
    credits: list[PageCredit]


@dataclass(slots=True)
class RelatedWork:
    phrase: str
    film: FilmLink
    note: str


@dataclass(slots=True)
class ScoreLine:
    kind: str
    value: str
    """As shown: '84%', '7.8/10'."""
    outlet: str
    measure: str
    review_count: int | None
    source: Source


def film_facts(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """What the catalogue's sections show, from the loaded page only (no queries)."""
    film = page.film
    by_department: dict[str, list[PageCredit]] = {}
    for credit in page.credits:
        by_department.setdefault(credit.department, []).append(credit)
    cast = by_department.get(Credit.Department.ACTING, [])
    crew_groups = [
        CreditGroup(
            department=department,
            label=str(Credit.Department(department).label),
            credits=by_department[department],
        )
        for department in DEPARTMENT_ORDER
        if department != Credit.Department.ACTING and department in by_department
    ]
    scores = score_lines(page)
    return {
        "film": film,
        "about_url": site_url("pages:about"),
        "directors": unique_people(by_department.get(Credit.Department.DIRECTING, [])),
        "writers": unique_people(by_department.get(Credit.Department.WRITING, [])),
        "starring": cast[:STARRING_COUNT],
        "cast": cast,
        "cast_has_photos": any(credit.photo_url for credit in cast),
        "crew_groups": crew_groups,
        "crew_count": sum(len(group.credits) for group in crew_groups),
        "genres": page.genres,
        "central_genres": page.central_genres(HEADING_GENRES),
        "countries": page.countries,
        "languages": page.languages,
        "companies": page.companies,
        "keywords": page.keywords,
        "certifications": page.certifications,
        "scores": scores,
        "scores_source": scores[0].source
        if scores and len({line.source.pk for line in scores}) == 1
        else None,
        "related": [
            RelatedWork(
                (RELATION_FORWARD if relation.forward else RELATION_BACKWARD)[
                    relation.kind
                ],
                relation.other,
                relation.note,
            )
            for relation in page.relations
        ],
        "sources": page.sources,
        "release_text": format_release(
            film.release_date, film.release_date_precision, film.year
        ),
        "show_original_title": bool(
            film.original_title and film.original_title != film.title
        ),
    }


def score_lines(page: FilmPage) -> list[ScoreLine]:
    """The critics' scores in a fixed order of outlets, named and formatted."""
    return [
        ScoreLine(
            kind=score.kind,
            value=format_score(score.kind, score.value, score.scale),
            outlet=outlet,
            measure=measure,
            review_count=score.review_count,
            source=score.source,
        )
        for score in sorted(
            page.scores,
            key=lambda score: SCORE_ORDER.get(score.kind, len(SCORE_ORDER)),
        )
        for outlet, measure in [
            SCORE_NAMES.get(score.kind, (score.source.name, "Score"))
        ]
    ]


def unique_people(credits: list[PageCredit]) -> list[PageCredit]:
    """Each person once, at their first credit."""
    seen: set[int] = set()
    unique = []
    for credit in credits:
        if credit.person_id not in seen:
            seen.add(credit.person_id)
            unique.append(credit)
    return unique


def film_faq(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The questions the catalogue answers from its data, after the questions other
    apps answer (the editors'), leaving out those they answered: one list of questions
    on the page, under one heading, with one FAQPage for search engines."""
    before = answered_elsewhere(page, preview=preview)
    items = faq_from_data(
        page, already_asked={item.question.lower() for item in before}
    )
    return {
        "data_faq": items,
        "faq_continues": bool(before),
        "faq_open": max(0, OPEN_QUESTIONS - len(before)),
        "faq_jsonld": faq_jsonld([*before, *items]),
    }


def catalogue_counts(_: None, *, preview: bool = False) -> dict[str, Any]:
    """How many films, people, credits and genres the catalogue holds."""
    return {
        "film_count": Film.objects.count(),
        "person_count": Person.objects.count(),
        "credit_count": Credit.objects.count(),
        "genre_count": Genre.objects.count(),
    }


def data_sources(_: None, *, preview: bool = False) -> dict[str, Any]:
    """Every source of imported data, with its licence and number of films."""
    return {
        "sources": Source.objects.annotate(film_count=Count("films")).order_by("name")
    }


def _film_section(
    name: str, slot: str, order: int, template: str, load: Loader = film_facts
) -> Section:
    return register(
        Section(
            name=name,
            page="film",
            slot=slot,
            order=order,
            template=f"catalogue/film/{template}",
            load=load,
        )
    )


_film_section("heading", "heading", 10, "_heading.html")
_film_section("credits", "hero", 20, "_starring.html")
_film_section("critics-scores", "ratings", 20, "_scores.html")
_film_section("cast", "main", 40, "_cast.html")
# After the editors' questions (editorial's "faq", 50).
_film_section("faq-from-data", "main", 55, "_faq.html", load=film_faq)
_film_section("related", "main", 70, "_related.html")
_film_section("facts", "side", 10, "_facts.html")
_film_section("money", "side", 20, "_money.html")
_film_section("sources", "side", 90, "_attribution.html")

for _name, _order, _load in (
    ("counts", 10, catalogue_counts),
    ("sources", 20, data_sources),
):
    register(
        Section(
            name=_name,
            page="about",
            slot="main",
            order=_order,
            template=f"catalogue/about/{_name}.html",
            load=_load,
        )
    )

register_sitemap("pages", PageSitemap)
register_sitemap("genres", GenreSitemap)
register_sitemap("films", FilmSitemap)
register_sitemap("people", PersonSitemap)

"""Film shapes: list items, the paginated list, and the full film with its credits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field, field_validator
from pydantic.json_schema import JsonDict
from pydantic_core import PydanticCustomError

from cinematheque.api.schemas.common import (
    ExternalIdsOut,
    FilmRefOut,
    MoneyOut,
    NamedOut,
    PersonRefOut,
    SourceOut,
    department_rank,
    one_of,
    poster_path,
)
from cinematheque.api.schemas.editorial import FilmEditorialOut
from cinematheque.api.schemas.parameters import QueryInt, decade_field
from cinematheque.catalogue.browse import DEFAULT_SORT, GENRE_DEFAULT_SORT, SORTS
from cinematheque.catalogue.models import (
    Film,
    FilmRelation,
    ReviewScore,
    Source,
    Video,
)
from cinematheque.catalogue.page import film_page_for_slug
from cinematheque.catalogue.parameters import MAX_INT
from cinematheque.pages.assembly import load_section
from cinematheque.people.models import Credit

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class FilmListItemOut(FilmRefOut):
    poster_url: str = Field(
        description="The film's poster: TMDB's image URL when the film has one, "
        "else the path of its generated SVG poster."
    )
    runtime: int | None = Field(description="Minutes.")
    certification: str | None = Field(description="Age rating, e.g. 'R'.")
    genres: list[NamedOut]

    @staticmethod
    def resolve_poster_url(obj: Film) -> str:
        return poster_path(obj)

    @staticmethod
    def resolve_certification(obj: Film) -> str | None:
        return obj.certification or None


class FilmListOut(Schema):
    count: int = Field(
        description=(
            "Films matching the filters, on all pages, counted up to 10,000: lists "
            "are paged through their first 10,000 films (see `count_capped`)."
        )
    )
    count_capped: bool = Field(
        description=(
            "True when more than 10,000 films match: `count` stops there, and an "
            "`offset` of 10,000 or more is refused with a 400 that says to narrow "
            "the filters or reverse the sort."
        )
    )
    limit: int
    offset: int
    items: list[FilmListItemOut]


class ReviewScoreOut(Schema):
    """A critics' or audience score published by a named source (never a member rating)."""

    kind: str = Field(json_schema_extra=one_of(ReviewScore.Kind.values))
    label: str = Field(description="Human name of the score, e.g. 'Metascore'.")
    value: float
    scale: int = Field(description="The best possible value, e.g. 100 or 10.")
    review_count: int | None
    fresh_count: int | None
    rotten_count: int | None
    source: str = Field(description="Key of the entry in `sources` it comes from.")

    @staticmethod
    def resolve_label(obj: ReviewScore) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_source(obj: ReviewScore) -> str:
        return obj.source.key


class VideoOut(Schema):
    kind: str = Field(json_schema_extra=one_of(Video.Kind.values))
    site: str = Field(json_schema_extra=one_of(Video.Site.values))
    key: str = Field(description="The video's id on its site.")
    name: str
    language: str
    official: bool = Field(
        description="Published by the film's studio or distributor (TMDB's flag)."
    )
    published_at: datetime | None = Field(
        description="When the video was published on its site, if the source says."
    )


class FilmRelationOut(Schema):
    """Reads as a sentence: `from_film` is a <label> `to_film` ("remake of")."""

    kind: str = Field(json_schema_extra=one_of(FilmRelation.Kind.values))
    label: str
    from_film: FilmRefOut
    to_film: FilmRefOut
    note: str

    @staticmethod
    def resolve_label(obj: FilmRelation) -> str:
        return str(obj.get_kind_display())


class CastCreditOut(Schema):
    person: PersonRefOut
    character: str | None
    order: int = Field(description="Billing order; 0 is top-billed.")
    order_is_estimated: bool = Field(
        description="True when the source gave no billing and the order was derived."
    )

    @staticmethod
    def resolve_character(obj: Credit) -> str | None:
        return obj.character or None


class CrewCreditOut(Schema):
    person: PersonRefOut
    department: str = Field(json_schema_extra=one_of(Credit.Department.values))
    job: str = Field(description="e.g. 'Director', 'Screenplay'.")
    order: int


class CreditsOut(Schema):
    cast: list[CastCreditOut] = Field(description="In billing order.")
    crew: list[CrewCreditOut] = Field(
        description="By department (directing, writing, production, …), then order."
    )


class FilmOut(FilmListItemOut):
    original_title: str | None
    release_date: date | None
    release_date_precision: str = Field(
        description="How much of `release_date` is known: 'year' means only the year.",
        json_schema_extra=one_of(Film.DatePrecision.values),
    )
    certification_country: str | None
    overview: str | None
    countries: list[NamedOut]
    languages: list[NamedOut]
    companies: list[NamedOut] = Field(description="Production companies.")
    budget: MoneyOut | None
    box_office: MoneyOut | None
    external_ids: ExternalIdsOut
    review_scores: list[ReviewScoreOut]
    relations: list[FilmRelationOut] = Field(
        description="Remakes, sequels and sources, in both directions."
    )
    videos: list[VideoOut]
    credits: CreditsOut
    sources: list[SourceOut] = Field(
        description="Every source this film's data comes from, with its licence."
    )
    editorial: FilmEditorialOut = Field(
        description="The published editorial layer (drafts are never included)."
    )

    @staticmethod
    def resolve_original_title(obj: Film) -> str | None:
        return obj.original_title or None

    @staticmethod
    def resolve_certification_country(obj: Film) -> str | None:
        return obj.certification_country or None

    @staticmethod
    def resolve_overview(obj: Film) -> str | None:
        return obj.overview or None

    @staticmethod
    def resolve_budget(obj: Film) -> dict | None:
        if obj.budget is None:
            return None
        return {"amount": obj.budget, "currency": obj.budget_currency}

    @staticmethod
    def resolve_box_office(obj: Film) -> dict | None:
        if obj.box_office is None:
            return None
        return {"amount": obj.box_office, "currency": obj.box_office_currency}

    @staticmethod
    def resolve_external_ids(obj: Film) -> Film:
        return obj

    @staticmethod
    def resolve_relations(obj: Film) -> list[FilmRelation]:
        return [*obj.relations_from.all(), *obj.relations_to.all()]

    @staticmethod
    def resolve_credits(obj: Film) -> dict[str, list[Credit]]:
        credits = list(obj.credits.all())
        cast = [c for c in credits if c.department == Credit.Department.ACTING]
        crew = [c for c in credits if c.department != Credit.Department.ACTING]
        cast.sort(key=lambda c: (c.order, c.person.name, c.pk))
        crew.sort(
            key=lambda c: (
                department_rank(c.department),
                c.order,
                c.person.name,
                c.pk,
            )
        )
        return {"cast": cast, "crew": crew}

    @staticmethod
    def resolve_sources(obj: Film) -> list[Source]:
        return film_sources(obj)

    @staticmethod
    def resolve_editorial(obj: Film) -> dict[str, Any]:
        # The film page's editorial sections and the catalogue's questions after the
        # editors', read by their own loaders.
        page = film_page_for_slug(obj.slug)
        editorial = load_section("film", "tagline", page)["editorial"].api_data()
        editorial["faq"] += [
            {"question": item.question, "answer_html": item.answer_html}
            | {"from_data": True}
            for item in load_section("film", "faq-from-data", page)["data_faq"]
        ]
        return editorial


def film_sources(film: Film) -> list[Source]:
    """The sources of a film and of everything shown with it, ordered by name.

    Expects `Film.objects.with_page_relations()`: sources loaded with their rows cost
    nothing; any known only by id are fetched in one query (none when there are none).
    """
    rows: list[Any] = [
        film,
        *film.review_scores.all(),
        *film.credits.all(),
        *film.videos.all(),
        *film.relations_from.all(),
        *film.relations_to.all(),
    ]
    loaded: dict[int, Source] = {}
    missing: set[int] = set()
    for row in rows:
        if row.source_id is None:
            continue
        if type(row).source.is_cached(row):
            loaded[row.source_id] = row.source
        else:
            missing.add(row.source_id)
    missing -= loaded.keys()
    if missing:
        loaded.update((s.pk, s) for s in Source.objects.filter(pk__in=missing))
    return sorted(loaded.values(), key=lambda source: (source.name, source.key))


def _optional_choice(
    values: list[str], *, max_length: int
) -> Callable[[JsonDict], None]:
    """json_schema_extra for an optional string parameter whose default depends on
    other parameters: documented as one of `values`, with no default and no null."""

    def update(schema: JsonDict) -> None:
        schema.pop("anyOf", None)
        schema.pop("default", None)
        schema.update(type="string", maxLength=max_length, enum=list(values))

    return update


class FilmListIn(Schema):
    """Query parameters of the film list; the vocabulary is the /films/ browse page's
    (cinematheque.catalogue.browse), which validates the filter values."""

    genre: str = Field("", max_length=200, description="Genre slug, e.g. 'crime'.")
    decade: str = decade_field("First year of a decade, e.g. 1990 (or '1990s').")
    certification: str = Field(
        "", max_length=20, description="Age rating, e.g. 'R' (case-insensitive)."
    )
    country: str = Field(
        "", max_length=200, description="Country slug, e.g. 'united-states'."
    )
    sort: str | None = Field(
        None,
        max_length=20,
        description=(
            "Order; a leading '-' reverses it. Films without the value come last. "
            f"Default: '{GENRE_DEFAULT_SORT}' (most central to the genre first) with "
            f"a genre, else '{DEFAULT_SORT}'. 'score' is the Tomatometer's Wilson "
            "lower bound, so a few reviews at 100% do not beat many at 94%."
        ),
        json_schema_extra=_optional_choice(list(SORTS), max_length=20),
    )
    limit: QueryInt = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Films per page (at most 100)."
    )
    offset: QueryInt = Field(
        0,
        ge=0,
        le=MAX_INT,
        description="How many films to skip; past the end gives no items.",
    )

    @field_validator("genre", "decade", "certification", "country", "sort")
    @classmethod
    def _printable(cls, value: str) -> str:
        # NUL cannot be sent to PostgreSQL; no filter value needs a control character.
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise PydanticCustomError(
                "control_characters", "Must not contain control characters."
            )
        return value

    def browse_data(self) -> dict[str, str | None]:
        """The filter values, as BrowseParams.parse expects them."""
        return {
            "genre": self.genre,
            "decade": self.decade,
            "certification": self.certification,
            "country": self.country,
            "sort": self.sort,
        }

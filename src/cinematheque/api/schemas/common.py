"""Small shapes shared by several resources: references to films and people, named
things (genres, countries…), money, external ids and data sources."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from ninja import Schema
from pydantic import Field
from pydantic.config import JsonDict, JsonValue

from cinematheque.catalogue.images import card_poster_url
from cinematheque.catalogue.models import Film, Source
from cinematheque.people.models import Credit, Person


class NamedOut(Schema):
    """A genre, country, language or production company."""

    slug: str
    name: str


class MoneyOut(Schema):
    amount: int = Field(description="Whole units of the currency, e.g. dollars.")
    currency: str = Field(description="ISO 4217 code, e.g. 'USD'.")


class ExternalIdsOut(Schema):
    imdb: str | None = Field(description="IMDb id, e.g. 'tt0113277'.")
    tmdb: int | None = Field(description="The Movie Database id.")
    wikidata: str | None = Field(description="Wikidata item, e.g. 'Q42198'.")

    @staticmethod
    def resolve_imdb(obj: Film | Person) -> str | None:
        return obj.imdb_id or None

    @staticmethod
    def resolve_tmdb(obj: Film | Person) -> int | None:
        return obj.tmdb_id

    @staticmethod
    def resolve_wikidata(obj: Film | Person) -> str | None:
        return obj.wikidata_id or None


class SourceOut(Schema):
    """Where data comes from, with the licence and the attribution to show beside it."""

    key: str
    name: str
    url: str | None
    licence: str
    licence_url: str | None
    attribution: str
    retrieved_on: date | None

    @staticmethod
    def resolve_url(obj: Source) -> str | None:
        return obj.url or None

    @staticmethod
    def resolve_licence_url(obj: Source) -> str | None:
        return obj.licence_url or None


class FilmRefOut(Schema):
    """Enough to name a film and link to it."""

    id: int
    slug: str
    title: str
    year: int | None
    url: str = Field(description="Path of the film's page on this site.")

    @staticmethod
    def resolve_url(obj: Film) -> str:
        return slug_path("catalogue:film", obj.slug)


class PersonRefOut(Schema):
    """Enough to name a person and link to them."""

    id: int
    slug: str
    name: str
    url: str = Field(description="Path of the person's page on this site.")

    @staticmethod
    def resolve_url(obj: Person) -> str:
        return slug_path("people:person", obj.slug)


def poster_path(film: Film) -> str:
    """TMDB's poster URL when the film has one, else the path of the film's
    generated SVG poster."""
    return card_poster_url(film) or slug_path("catalogue:poster", film.slug)


def slug_path(url_name: str, slug: str) -> str:
    """reverse(url_name, args=[slug]) for a URL whose only argument is a slug, at a
    fraction of the cost: a page of 100 films needs 200 paths, and reverse() was half
    of the time spent serialising it."""
    template = _slug_path_template(url_name, get_script_prefix(), get_urlconf())
    return template.replace(_SLUG_PLACEHOLDER, quote(slug))


_SLUG_PLACEHOLDER = "slug-placeholder"


@cache
def _slug_path_template(url_name: str, script_prefix: str, urlconf: str | None) -> str:
    # The prefix and urlconf are part of the key because reverse() depends on them.
    return reverse(url_name, args=[_SLUG_PLACEHOLDER], urlconf=urlconf)


def one_of(values: Iterable[str]) -> JsonDict:
    """`json_schema_extra` that documents the values a string field can take."""
    choices: list[JsonValue] = list(values)
    return {"enum": choices}


def department_rank(department: str) -> int:
    """Position of a credit department in Credit.Department (unknown ones last)."""
    values = Credit.Department.values
    return values.index(department) if department in values else len(values)

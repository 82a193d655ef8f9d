"""Person shapes: the person with their filmography grouped by role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.common import (
    ExternalIdsOut,
    FilmRefOut,
    PersonRefOut,
    SourceOut,
    department_rank,
    one_of,
)
from cinematheque.catalogue.models import Source
from cinematheque.people.models import Credit, Person


class FilmographyCreditOut(Schema):
    film: FilmRefOut
    job: str = Field(description="e.g. 'Actor', 'Director', 'Screenplay'.")
    character: str | None

    @staticmethod
    def resolve_character(obj: Credit) -> str | None:
        return obj.character or None


class FilmographyGroupOut(Schema):
    department: str = Field(json_schema_extra=one_of(Credit.Department.values))
    label: str = Field(description="Human name of the role, e.g. 'Cast', 'Directing'.")
    credits: list[FilmographyCreditOut] = Field(
        description="Newest first; films without a year come last."
    )


class PersonOut(PersonRefOut):
    external_ids: ExternalIdsOut
    filmography: list[FilmographyGroupOut] = Field(
        description=(
            "Credits grouped by role; the role with the most credits comes first."
        )
    )
    sources: list[SourceOut]

    @staticmethod
    def resolve_external_ids(obj: Person) -> Person:
        return obj

    @staticmethod
    def resolve_filmography(obj: Person) -> list[dict]:
        return filmography(obj.credits.all())

    @staticmethod
    def resolve_sources(obj: Person) -> list[Source]:
        return [obj.source] if obj.source is not None else []


def filmography(credits: Iterable[Credit]) -> list[dict]:
    """Group credits (with their films loaded) by department, newest films first."""
    groups: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        groups[credit.department].append(credit)
    for rows in groups.values():
        rows.sort(
            key=lambda c: (
                c.film.year is None,
                -(c.film.year or 0),
                c.film.title,
                c.film.pk,
                c.order,
            )
        )
    ordered = sorted(
        groups.items(),
        key=lambda item: (
            -len(item[1]),
            department_rank(item[0]),
        ),
    )
    return [
        {
            "department": department,
            "label": str(Credit.Department(department).label)
            if department in Credit.Department.values
            else department,
            "credits": rows,
        }
        for department, rows in ordered
    ]

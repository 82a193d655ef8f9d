"""The person page: filmography grouped by role, newest first."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cinematheque.catalogue.certifications import (
    content_limit_for,
    sections_within_limit,
)
from cinematheque.catalogue.images import tmdb_image_configuration
from cinematheque.catalogue.links import slug_url
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.sections import DEPARTMENT_ORDER
from cinematheque.pages.assembly import CONTEXT_NAME, assemble
from cinematheque.pages.views import absolute_url
from cinematheque.people.models import Credit, Person
from cinematheque.people.provenance import person_field_sources

# The person's role in each department, as a filmography heading.
ROLE_LABELS = {
    Credit.Department.DIRECTING: "Director",
    Credit.Department.WRITING: "Writer",
    Credit.Department.ACTING: "Cast",
    Credit.Department.PRODUCTION: "Production",
    Credit.Department.CAMERA: "Camera",
    Credit.Department.EDITING: "Editing",
    Credit.Department.SOUND: "Sound",
    Credit.Department.ART: "Art",
}
# Jobs that only repeat the heading they are listed under.
OBVIOUS_JOBS = {"director", "writer", "actor", "actress", "self"}
KNOWN_FOR_COUNT = 4


@dataclass
class FilmographyEntry:
    film: Film
    jobs: list[str] = field(default_factory=list)
    character: str = ""


@dataclass
class RoleGroup:
    department: str
    label: str
    entries: list[FilmographyEntry]


PHOTO_WIDTH = 185  # 120 CSS pixels wide, sharp on most screens


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("source"), slug=slug)
    limit = content_limit_for(request)
    visible = person.credits.all()
    if limit is not None:
        visible = visible.filter(limit.film_filter("film__"))
    credits = list(
        visible.select_related("film")
        .only(
            "id",
            "person_id",
            "department",
            "job",
            "character",
            "film__id",
            "film__title",
            "film__year",
            "film__slug",
            "film__notability",
            "film__poster_path",
        )
        .order_by(F("film__year").desc(nulls_last=True), "film__title", "film_id")
    )
    groups = filmography(credits)
    films = {credit.film_id: credit.film for credit in credits}
    known_for = sorted(films.values(), key=lambda film: (-film.notability, film.title))
    years = sorted(film.year for film in films.values() if film.year)
    canonical_url = absolute_url(request, person.get_absolute_url())
    tmdb_photo = person_photo_url(person)
    sources = person_field_sources(person) if person.biography else {}
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "photo_url": tmdb_photo or placeholder_photo_url(person),
            "photo_from_tmdb": bool(tmdb_photo),
            "age": person.age(),
            "other_names": person.other_names(),
            "biography_source": sources.get("biography"),
            "groups": groups,
            "film_count": len(films),
            "known_for": known_for[:KNOWN_FOR_COUNT],
            CONTEXT_NAME: sections_within_limit(assemble("person", person), limit),
            "first_year": years[0] if years else None,
            "last_year": years[-1] if years else None,
            "canonical_url": canonical_url,
            "jsonld": person_jsonld(request, person, canonical_url, groups),
        },
    )


def person_photo_url(person: Person) -> str:
    """The person's photo on TMDB's image server, "" when there is none."""
    if not person.profile_path:
        return ""
    return tmdb_image_configuration().url("profile", person.profile_path, PHOTO_WIDTH)


def placeholder_photo_url(person: Person) -> str:
    return slug_url("people:photo", person.slug)


@require_safe
def placeholder_photo(request: HttpRequest, slug: str) -> HttpResponse:
    """A generated portrait (the person's initials) for people without a photo."""
    person = get_object_or_404(Person.objects.only("id", "name", "slug"), slug=slug)
    initials = "".join(word[0] for word in person.name.split()[:3] if word).upper()
    hue = zlib.crc32(person.slug.encode()) % 360
    response = render(
        request,
        "people/placeholder_photo.svg",
        {"initials": initials[:3] or "?", "hue": hue, "name": person.name},
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=86400, stale-while-revalidate=604800"
    # An image: no scripts even if someone opens the SVG directly.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    return response


def filmography(credits: list[Credit]) -> list[RoleGroup]:
    """Credits grouped by department in the site's department order; one entry per film
    and department, keeping the order of `credits` (newest first) and merging jobs."""
    entries: dict[str, dict[int, FilmographyEntry]] = {}
    for credit in credits:
        by_film = entries.setdefault(credit.department, {})
        entry = by_film.get(credit.film_id)
        if entry is None:
            entry = by_film[credit.film_id] = FilmographyEntry(film=credit.film)
        if (
            credit.job
            and credit.job.lower() not in OBVIOUS_JOBS
            and credit.job not in entry.jobs
        ):
            entry.jobs.append(credit.job)
        if credit.character and not entry.character:
            entry.character = credit.character
    return [
        RoleGroup(
            department=department,
            label=ROLE_LABELS[department],
            entries=list(entries[department].values()),
        )
        for department in DEPARTMENT_ORDER
        if department in entries
    ]


def person_jsonld(
    request: HttpRequest, person: Person, canonical_url: str, groups: list[RoleGroup]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": canonical_url,
    }
    same_as = []
    if person.imdb_id:
        same_as.append(f"https://www.imdb.com/name/{person.imdb_id}/")
    if person.wikidata_id:
        same_as.append(f"https://www.wikidata.org/wiki/{person.wikidata_id}")
    if same_as:
        data["sameAs"] = same_as
    job_titles = [group.label for group in groups if group.department != "acting"]
    if any(group.department == "acting" for group in groups):
        job_titles.insert(0, "Actor")
    if job_titles:
        data["jobTitle"] = job_titles
    return data

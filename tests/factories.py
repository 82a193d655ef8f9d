"""Plain factory functions for test data (factory_boy is not a dependency)."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils.text import slugify

from cinematheque.catalogue.models import Film, Genre, Source
from cinematheque.people.models import Credit, Person

_seq = itertools.count(1)


def make_source(**overrides: Any) -> Source:
    overrides.setdefault("key", f"source-{next(_seq)}")
    overrides.setdefault("name", "Test source")
    overrides.setdefault("licence", "CC0 1.0")
    overrides.setdefault("attribution", "Test contributors, CC0")
    return Source.objects.create(**overrides)


def make_genre(name: str = "Crime", **overrides: Any) -> Genre:
    genre, _ = Genre.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    return genre


def make_film(**overrides: Any) -> Film:
    overrides.setdefault("title", f"Film {next(_seq)}")
    overrides.setdefault("year", 1995)
    overrides.setdefault("slug", f"{slugify(overrides['title'])}-{next(_seq)}")
    return Film.objects.create(**overrides)


def make_person(**overrides: Any) -> Person:
    overrides.setdefault("name", f"Person {next(_seq)}")
    overrides.setdefault("slug", f"{slugify(overrides['name'])}-{next(_seq)}")
    return Person.objects.create(**overrides)


def make_credit(*, film: Film, person: Person, **overrides: Any) -> Credit:
    overrides.setdefault("department", Credit.Department.ACTING)
    overrides.setdefault(
        "job",
        "Actor" if overrides["department"] == Credit.Department.ACTING else "Director",
    )
    return Credit.objects.create(film=film, person=person, **overrides)

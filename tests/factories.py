"""Plain factory functions for test data (factory_boy is not a dependency)."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils.text import slugify

from cinematheque.catalogue.models import (
    Film,
    FilmRelation,
    Genre,
    Named,
    ReviewScore,
    Source,
    Video,
)
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


def make_named(model: type[Named], name: str) -> Named:
    """A Country, Language or Company (or Genre) by name, created once."""
    row, _ = model.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    return row


def make_review_score(*, film: Film, **overrides: Any) -> ReviewScore:
    overrides.setdefault("kind", ReviewScore.Kind.TOMATOMETER)
    overrides.setdefault("value", 87)
    if "source" not in overrides:
        overrides["source"] = make_source()
    return ReviewScore.objects.create(film=film, **overrides)


def make_video(*, film: Film, **overrides: Any) -> Video:
    overrides.setdefault("kind", Video.Kind.TRAILER)
    overrides.setdefault("site", Video.Site.YOUTUBE)
    overrides.setdefault("key", f"key{next(_seq)}")
    return Video.objects.create(film=film, **overrides)


def make_relation(*, from_film: Film, to_film: Film, **overrides: Any) -> FilmRelation:
    overrides.setdefault("kind", FilmRelation.Kind.REMAKE_OF)
    return FilmRelation.objects.create(
        from_film=from_film, to_film=to_film, **overrides
    )


# -- editorial ------------------------------------------------------------------------


def make_user(*, role: str = "member", **overrides: Any):
    """A user with an editorial role: member (no role), editor, chief, admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cinematheque.editorial import roles

    User = get_user_model()
    overrides.setdefault("username", f"{role}-{next(_seq)}")
    if role == "admin":
        return User.objects.create_superuser(password="pw", **overrides)
    user = User.objects.create_user(
        password="pw", is_staff=role in {"editor", "chief"}, **overrides
    )
    group = {"editor": roles.EDITOR_GROUP, "chief": roles.CHIEF_EDITOR_GROUP}.get(role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_film_text(*, film: Film, publish: bool = False, **overrides: Any):
    """A FilmText saved through the services (so it has revisions), published or not."""
    from cinematheque.editorial import services
    from cinematheque.editorial.models import FilmText

    overrides.setdefault("tagline", "A tagline worth reading.")
    overrides.setdefault("synopsis", "What happens, without the ending.")
    overrides.setdefault("analysis", "Why it matters.")
    text = FilmText(film=film, **overrides)
    services.piece_save(piece=text, author=None)
    if publish:
        services.piece_publish(piece=text, author=None)
        text.refresh_from_db()
    return text


def make_piece(model: type, *, publish: bool = False, **fields: Any):
    """Any editorial piece (FaqEntry, Claim, Complexity, Advisory, Collection)."""
    from cinematheque.editorial import services

    piece = model(**fields)
    services.piece_save(piece=piece, author=None)
    if publish:
        services.piece_publish(piece=piece, author=None)
        piece.refresh_from_db()
    return piece

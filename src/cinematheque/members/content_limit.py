"""The family content limit of an account: a certification ceiling above which films
are hidden for that account everywhere (see catalogue/certifications.py for the
ratings, their order and how a limit filters films)."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from cinematheque.catalogue.certifications import CEILINGS, ContentLimit
from cinematheque.members.models import User

Row = TypeVar("Row", bound=Model)


def content_limit_set(*, user: User, ceiling: str, hide_unknown: bool) -> User:
    """Set (or, with an empty `ceiling`, remove) the account's content limit.

    `ceiling` is a key of CEILINGS ("PG-13", "GB:15"); `hide_unknown` also hides the
    films whose certification is unknown. Pages for the member are rendered for them,
    never from the visitors' cache, so nothing cached needs forgetting."""
    if ceiling and ceiling not in CEILINGS:
        raise ValidationError(f"{ceiling!r} is not a certification we can limit to.")
    user.content_limit = ceiling
    user.content_limit_hides_unknown = bool(ceiling) and hide_unknown
    user.save(update_fields=["content_limit", "content_limit_hides_unknown"])
    return user


def rows_within_limit(
    rows: QuerySet[Row], limit: ContentLimit | None, *, film: str = "film"
) -> QuerySet[Row]:
    """Rows about a film (ratings, diary entries, reviews, list items…) without those
    whose film the viewer's content limit hides; `film` is the path to the film
    ("film", or "items__film" from a list). All of them without a limit."""
    return rows if limit is None else rows.filter(limit.film_filter(f"{film}__"))

"""`{% load editorial %}`: the home page's collections and small display filters."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django import template

from cinematheque.editorial.page import collections_for_home

register = template.Library()


@register.inclusion_tag("editorial/_home_collections.html")
def home_collections(limit: int = 3) -> dict[str, Any]:
    """Published collections for the home page (one query)."""
    return {"collections": collections_for_home(limit=limit)}


@register.filter
def safe_url(url: str | None) -> str:
    """The URL if it is http(s), else '' (a stored URL never becomes a script link)."""
    if not url:
        return ""
    return url if urlsplit(url.strip()).scheme in {"http", "https"} else ""


@register.filter
def isodate(value: str | datetime.date | None) -> datetime.date | None:
    """A date stored as ISO text in a published copy, back as a date for |date."""
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def level_steps(level: int) -> list[bool]:
    """Five booleans for the complexity meter: filled up to the level."""
    return [step <= int(level or 0) for step in range(1, 6)]

"""Small display filters of the editorial templates."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit


def safe_url(url: str | None) -> str:
    """The URL if it is http(s), else '' (a stored URL never becomes a script link)."""
    if not url:
        return ""
    return url if urlsplit(url.strip()).scheme in {"http", "https"} else ""


def isodate(value: str | datetime.date | None) -> datetime.date | None:
    """A date stored as ISO text in a published copy, back as a date for |date."""
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def level_steps(level: int) -> list[bool]:
    """Five booleans for the complexity meter: filled up to the level."""
    return [step <= int(level or 0) for step in range(1, 6)]


FILTERS = {
    "safe_url": safe_url,
    "isodate": isodate,
    "level_steps": level_steps,
}

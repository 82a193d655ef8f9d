"""`{{ entry.rating|stars }}`: half stars as the site writes them (★★★★½)."""

from __future__ import annotations


def stars(half_stars: int | None) -> str:
    """1 → "½", 9 → "★★★★½"; empty for no rating."""
    if not half_stars:
        return ""
    whole, half = divmod(int(half_stars), 2)
    return "★" * whole + ("½" if half else "")


FILTERS = {
    "stars": stars,
}

"""Geometry of the profile's SVG charts: numbers only; the markup is in the
templates members/social/_bars.html (columns) and _hbars.html (rows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cinematheque.members.profiles import Bar, Stats

COLUMN_CHART_HEIGHT = 120
COLUMN_GAP = 4
MAX_COLUMN_STEP = 40
ROW_HEIGHT = 22


@dataclass
class Column:
    label: str
    value: float
    url: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def value_y(self) -> float:
        """Where the value is written, just above the bar."""
        return round(self.y - 3, 2)


def columns(bars: list[Bar], *, width: int = 300) -> dict[str, Any]:
    """Vertical bars scaled to the tallest, side by side across `width` units."""
    peak = max((bar.value for bar in bars), default=0) or 1
    step = min(width / max(len(bars), 1), MAX_COLUMN_STEP)
    left = (width - step * len(bars)) / 2  # few bars stay slim, in the middle
    drawn = []
    for n, bar in enumerate(bars):
        height = bar.value / peak * COLUMN_CHART_HEIGHT
        drawn.append(
            Column(
                label=bar.label,
                value=bar.value,
                url=bar.url,
                x=round(left + n * step + COLUMN_GAP / 2, 2),
                y=round(COLUMN_CHART_HEIGHT - height, 2),
                width=round(max(step - COLUMN_GAP, 1), 2),
                height=round(height, 2),
            )
        )
    return {
        "bars": drawn,
        "width": width,
        "height": COLUMN_CHART_HEIGHT,
        "empty": not any(bar.value for bar in bars),
    }


def rows(bars: list[Bar]) -> dict[str, Any]:
    """Horizontal bars (people, genres) as percentages of the longest."""
    peak = max((bar.value for bar in bars), default=0) or 1
    return {
        "bars": [
            {"bar": bar, "percent": round(bar.value / peak * 100, 1)} for bar in bars
        ],
        "empty": not bars,
    }


def profile_charts(stats: Stats) -> dict[str, Any]:
    return {
        "ratings": columns(stats.rating_bars),
        "per_year": columns(stats.per_year),
        "decades": columns(stats.decades),
        "directors": rows(stats.directors),
        "actors": rows(stats.actors),
        "genres": rows(stats.genres),
    }


def year_charts(stats: Stats) -> dict[str, Any]:
    return {
        "ratings": columns(stats.rating_bars),
        "per_month": columns(stats.per_month),
        "decades": columns(stats.decades),
        "directors": rows(stats.directors),
        "actors": rows(stats.actors),
        "genres": rows(stats.genres),
    }

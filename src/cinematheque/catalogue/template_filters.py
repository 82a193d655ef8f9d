"""Display formats for film facts: money, runtimes, release dates, review scores and
JSON-LD. Filters format values; markup is in the templates. `FILTERS` are the names the
Jinja2 templates use (`{{ film.runtime|runtime }}`); the plain functions are used by
views and sections."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

from cinematheque.catalogue.images import card_poster_url
from cinematheque.catalogue.links import slug_url

NOT_KNOWN = "Not known"

CURRENCY_SYMBOLS = {
    "USD": "$",
    "GBP": "£",
    "EUR": "€",
    "JPY": "¥",
    "INR": "₹",
    "KRW": "₩",
}

# The same escapes as django.utils.html.json_script: "<", ">" and "&" become \u003C…
# so a title containing "</script>" cannot close the JSON-LD element. (Three replace()
# calls: str.translate() with a table took 60 µs for the film page's JSON-LD.)
_JSON_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _one_decimal(value: Decimal) -> str:
    text = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return text.removesuffix(".0")


def format_money(amount: int | None, currency: str = "USD") -> str:
    """'$187.4 million', '$60 million', '$950,000', '€1.2 billion', 'SEK 35 million'.

    A missing or zero amount is 'Not known': sources write 0 where they mean unknown.
    """
    if not amount or amount < 0:
        return NOT_KNOWN
    code = (currency or "USD").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    prefix = symbol if symbol else f"{code} "
    value = Decimal(amount)
    millions = value / Decimal(1_000_000)
    if millions >= 1:
        if Decimal(_one_decimal(millions)) >= 1000:
            return f"{prefix}{_one_decimal(millions / 1000)} billion"
        return f"{prefix}{_one_decimal(millions)} million"
    return f"{prefix}{amount:,}"


def format_runtime(minutes: int | None) -> str:
    """'2 h 50 min', '45 min', '2 h'; 'Not known' when missing."""
    if not minutes:
        return NOT_KNOWN
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def iso_duration(minutes: int | None) -> str:
    """ISO 8601 duration for schema.org: 170 → 'PT2H50M'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def format_release(
    date: datetime.date | None, precision: str = "day", year: int | None = None
) -> str:
    """'15 December 1995', 'December 1995' or '1995' depending on the precision the
    source gave; falls back to the year, then 'Not known'."""
    if date is None:
        return str(year) if year else NOT_KNOWN
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def iso_release(
    date: datetime.date | None, precision: str = "day", year: int | None = None
) -> str:
    """The release date at the precision known: '1995', '1995-12', '1995-12-15'."""
    if date is None:
        return str(year) if year else ""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def format_score(kind: str, value: float, scale: int) -> str:
    """'84%' for percentages, '7.8/10', '76/100' for scores on a scale."""
    number = f"{value:.1f}".removesuffix(".0") if scale <= 10 else f"{value:.0f}"
    if kind in {"rt_tomatometer", "rt_audience"}:
        return f"{number}%"
    return f"{number}/{scale}"


def json_for_script(data: dict[str, Any]) -> SafeString:
    """JSON for the inside of a <script> element (JSON-LD): it cannot close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, replacement in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, replacement)
    # Safe: every "<", ">" and "&" of the data is \u-escaped just above.
    return mark_safe(text)


def poster_path(slug: str) -> str:
    return slug_url("catalogue:poster", slug)


def budget(film: Any) -> str:
    return format_money(film.budget, film.budget_currency)


def box_office(film: Any) -> str:
    return format_money(film.box_office, film.box_office_currency)


def ld_json(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">{{ data|ld_json }}</script>`"""
    return json_for_script(data)


def poster_url(film: Any) -> str:
    """The film's poster: TMDB's when the film has one, else the generated
    typographic SVG."""
    return card_poster_url(film) or poster_path(film.slug)


def join_names(items: Iterable[Any]) -> str:
    """The items' names (countries, languages, companies), separated by commas."""
    return ", ".join(str(item.name) for item in items)


def synopsis_languages(film: Any) -> list[tuple[str, str]]:
    """(tag, name) of the languages the film's overview is translated into, named
    in their own language ('fr-FR' → 'français (FR)')."""
    choices = []
    for tag in str(getattr(film, "synopsis_languages", "") or "").split():
        language, _, country = tag.partition("-")
        try:
            name = get_language_info(language)["name_local"]
        except KeyError:
            name = language
        choices.append((tag, f"{name} ({country})" if country else name))
    return sorted(choices, key=lambda choice: choice[1].casefold())


FILTERS = {
    "runtime": format_runtime,
    "budget": budget,
    "box_office": box_office,
    "ld_json": ld_json,
    "poster_url": poster_url,
    "join_names": join_names,
    "synopsis_languages": synopsis_languages,
}

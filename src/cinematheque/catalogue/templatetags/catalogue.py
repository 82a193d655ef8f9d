"""Display formats for film facts: money, runtimes, release dates, review scores,
JSON-LD, and the long lists of the film page. `{% load catalogue %}` in templates; the
plain functions are used by views."""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

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


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element whose JSON cannot break out."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, replacement in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, replacement)
    # Safe: every "<", ">" and "&" of the data is \u-escaped just above.
    escaped = mark_safe(text)
    return format_html('<script type="application/ld+json">{}</script>', escaped)


def poster_path(slug: str) -> str:
    return reverse("catalogue:poster", args=[slug])


register.filter("money_amount", format_money)
register.filter("runtime", format_runtime)
register.filter("iso_duration", iso_duration)


@register.filter
def budget(film: Any) -> str:
    return format_money(film.budget, film.budget_currency)


@register.filter
def box_office(film: Any) -> str:
    return format_money(film.box_office, film.box_office_currency)


@register.filter
def release(film: Any) -> str:
    return format_release(film.release_date, film.release_date_precision, film.year)


@register.filter
def score_value(score: Any) -> str:
    return format_score(score.kind, score.value, score.scale)


@register.filter
def jsonld(data: dict[str, Any]) -> SafeString:
    return jsonld_script(data)


@register.filter
def poster_url(film: Any) -> str:
    """The film's poster: the generated typographic SVG (no source ships images)."""
    return poster_path(film.slug)


# --- Rows of the film page's long lists ---------------------------------------------
# A template loop costs about 10 µs a row on a slow CPU (a context push, a lookup and an
# escape per variable): the cast list alone was a tenth of the film page. These filters
# write the same markup from a format string per row, escaping each value exactly as
# the template engine does.


def _html(value: Any) -> str:
    """What `{{ value }}` prints: the escaped text; a safe string as it is."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def html_format(format_string: str, *args: Any) -> SafeString:
    """format_html() for text built on every page view: the same escaping of each
    argument, without its per-argument checks for lazy strings (a third of its time)."""
    return SafeString(format_string.format(*map(_html, args)))


_LINK = '<a href="{url}">{name}</a>'
_CAST_ROW = '<li><a href="{url}">{name}</a>{role}</li>'
_CAST_ROLE = ' <span class="credit-list__role">{character}</span>'
_CREW_ROW = (
    '<li><a href="{url}">{name}</a> <span class="credit-list__role">{job}</span></li>'
)


@register.filter
def links(items: Iterable[Any], separator: str = ", ") -> SafeString:
    """`<a href="url">name</a>` for each item (a credit, a genre), separated."""
    return SafeString(
        separator.join(
            _LINK.format(url=_html(item.url), name=_html(item.name)) for item in items
        )
    )


@register.filter
def names(items: Iterable[Any]) -> SafeString:
    """The items' names (countries, languages, companies), separated by commas."""
    return SafeString(", ".join(_html(item.name) for item in items))


@register.filter
def cast_rows(credits: Iterable[Any]) -> SafeString:
    """The <li> rows of the cast list: the actor, then the character when known."""
    return SafeString(
        "".join(
            _CAST_ROW.format(
                url=_html(credit.url),
                name=_html(credit.name),
                role=_CAST_ROLE.format(character=_html(credit.character))
                if credit.character
                else "",
            )
            for credit in credits
        )
    )


@register.filter
def crew_rows(credits: Iterable[Any]) -> SafeString:
    """The <li> rows of a crew department: the person, then the job."""
    return SafeString(
        "".join(
            _CREW_ROW.format(
                url=_html(credit.url), name=_html(credit.name), job=_html(credit.job)
            )
            for credit in credits
        )
    )


_RECOMMENDATION_CARD = """
    <li class="card"><a class="card__link" href="{url}">
      <img class="card__poster" src="{poster_url}" width="200" height="300" alt="" \
loading="lazy" decoding="async">
      <span class="card__title">{title}</span>
      <span class="card__meta">{year}</span>
      <span class="card__reason">{reason}</span>
    </a></li>"""


@register.filter
def recommendation_cards(cards: Iterable[Any]) -> SafeString:
    """The <li> cards of "Don't forget to watch" (views.RecommendationCard)."""
    return SafeString(
        "".join(
            _RECOMMENDATION_CARD.format(
                url=_html(card.url),
                poster_url=_html(card.poster_url),
                title=_html(card.title),
                year=_html(card.year or "Year not known"),
                reason=_html(card.reason),
            )
            for card in cards
        )
    )


_FAQ_ITEM = """
    <details class="faq__item"{open}>
      <summary class="faq__question">{question}</summary>
      <div class="faq__answer prose">{answer}{origin}</div>
    </details>"""
_FAQ_ORIGIN = '<p class="faq__origin">Answered from the catalogue\u2019s data.</p>'
FAQ_OPEN_COUNT = 3


@register.filter
def faq_items(items: Iterable[Any]) -> SafeString:
    """The <details> of the FAQ (editorial.page.FaqItem), the first three open."""
    return SafeString(
        "".join(
            _FAQ_ITEM.format(
                open=" open" if number <= FAQ_OPEN_COUNT else "",
                question=_html(item.question),
                answer=_html(item.answer_html),
                origin=_FAQ_ORIGIN if item.from_data else "",
            )
            for number, item in enumerate(items, start=1)
        )
    )


@register.filter
def citation_list(citations: Iterable[dict[str, Any]]) -> SafeString:
    """A claim's sources: the title (a link when its URL is http or https), the
    publisher and the day it was read, separated by semicolons."""
    from cinematheque.editorial.templatetags.editorial import isodate, safe_url

    parts = []
    for citation in citations:
        title = _html(citation.get("title", ""))
        url = safe_url(citation.get("url"))
        text = (
            f'<cite><a href="{_html(url)}" rel="nofollow noopener noreferrer">'
            f"{title}</a></cite>"
            if url
            else f"<cite>{title}</cite>"
        )
        if citation.get("publisher"):
            text += f", {_html(citation['publisher'])}"
        accessed = isodate(citation.get("accessed_on"))
        if accessed:
            text += f" (accessed {_html(date_format(accessed, 'j M Y'))})"
        parts.append(text)
    return SafeString("; ".join(parts))


def _get(row: dict[str, Any], key: str) -> str:
    """What `{{ row.key }}` prints for a dict row: the escaped value, '' if absent."""
    return _html(row.get(key, ""))


_STAR = '<span class="star"><a href="{url}">{name}</a>{character}</span>'
_STAR_CHARACTER = ' <span class="character">as {character}</span>'


@register.filter
def starring_items(credits: Iterable[Any]) -> SafeString:
    """The top-billed actors in the heading, each with the character when known."""
    return SafeString(
        '<span class="sep">, </span>'.join(
            _STAR.format(
                url=_html(credit.url),
                name=_html(credit.name),
                character=_STAR_CHARACTER.format(character=_html(credit.character))
                if credit.character
                else "",
            )
            for credit in credits
        )
    )


_SCORE_ROW = """
    <li class="score score--{kind}">
      <span class="score__value">{value}</span>
      <span class="score__name">{outlet} {measure}</span>
      {source}
    </li>"""
_SCORE_VIA = 'via <a href="{about_url}#source-{key}">{name}</a>'


@register.simple_tag
def score_rows(scores: Iterable[Any], one_source: Any, about_url: str) -> SafeString:
    """The critics' scores (views.ScoreLine): value, name, review count, and the
    source on each line unless they all share `one_source`."""
    rows = []
    for line in scores:
        notes = []
        if line.review_count:
            notes.append(
                f"{line.review_count} review{'s' if line.review_count != 1 else ''}"
            )
        if not one_source:
            notes.append(
                _SCORE_VIA.format(
                    about_url=_html(about_url),
                    key=_html(line.source.key),
                    name=_html(line.source.name),
                )
            )
        rows.append(
            _SCORE_ROW.format(
                kind=_html(line.kind),
                value=_html(line.value),
                outlet=_html(line.outlet),
                measure=_html(line.measure),
                source=f'<span class="score__source">{" · ".join(notes)}</span>'
                if notes
                else "",
            )
        )
    return SafeString("".join(rows))


_ADVISORY_ROW = """
      <div class="advisory__row">
        <dt>{label}</dt>
        <dd><span class="severity severity--{severity}">{severity_label}</span>\
{note}</dd>
      </div>"""


@register.filter
def advisory_rows(categories: Iterable[dict[str, Any]]) -> SafeString:
    """One row per category of a content advisory: label, severity and note."""
    return SafeString(
        "".join(
            _ADVISORY_ROW.format(
                label=_get(category, "label"),
                severity=_get(category, "severity"),
                severity_label=_get(category, "severity_label"),
                note=f'<span class="advisory__note">{_get(category, "note")}</span>'
                if category.get("note")
                else "",
            )
            for category in categories
        )
    )


@register.filter
def complexity_meter(level: int | None) -> SafeString:
    """Five steps of the complexity meter, filled up to the level."""
    filled = int(level or 0)
    return SafeString(
        "".join(
            '<span class="complexity__step complexity__step--on"></span>'
            if step <= filled
            else '<span class="complexity__step"></span>'
            for step in range(1, 6)
        )
    )


_CLAIM = """
    <li class="claim">
      <p class="claim__text"><span class="claim__kind">{kind_label}</span> {text}</p>
      <p class="claim__meta">
        <span class="claim-status claim-status--{status}">{status_label}</span>
        {sources}
      </p>
    </li>"""


@register.filter
def claim_items(claims: Iterable[dict[str, Any]]) -> SafeString:
    """Trivia and production notes, each with its verification and its sources."""
    rows = []
    for claim in claims:
        citations = claim.get("citations")
        sources = (
            f'<span class="claim__sources">Source{"s" if len(citations) != 1 else ""}:'
            f"\n          {citation_list(citations)}</span>"
            if citations
            else '<span class="claim__sources">No source yet.</span>'
        )
        rows.append(
            _CLAIM.format(
                kind_label=_get(claim, "kind_label"),
                text=_get(claim, "text"),
                status=_get(claim, "shown_verification"),
                status_label=_get(claim, "verification_label"),
                sources=sources,
            )
        )
    return SafeString("".join(rows))


_DECISION = """
      <li class="decision">
        <p class="decision__subject">{subject}</p>
        <p>We give <strong>{value}</strong> <span class="muted">({origin})</span>\
{others}.</p>
        {note}
      </li>"""


@register.filter
def decision_items(decisions: Iterable[dict[str, Any]]) -> SafeString:
    """The editors' decisions where sources disagree: the value chosen and the others."""
    rows = []
    for decision in decisions:
        chosen = decision.get("chosen") or {}
        others = []
        rejected = decision.get("rejected") or []
        for number, other in enumerate(rejected):
            if number == 0:
                joiner = "; other sources say "
            elif number == len(rejected) - 1:
                joiner = " or "
            else:
                joiner = ", "
            others.append(
                f"{joiner}\u201c{_get(other, 'value')}\u201d "
                f'<span class="muted">({_get(other, "origin")})</span>'
            )
        rows.append(
            _DECISION.format(
                subject=_get(decision, "subject"),
                value=_get(chosen, "value"),
                origin=_get(chosen, "origin"),
                others="".join(others),
                note=f'<p class="decision__note">{_get(decision, "note")}</p>'
                if decision.get("note")
                else "",
            )
        )
    return SafeString("".join(rows))

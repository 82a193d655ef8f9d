"""The one place that turns query-string values into numbers and choices.

Pages (browse, genre, search) and the API read page, decade, limit, offset and sort
through these functions. A number is ASCII digits only: `str.isdigit()` also accepts
"²" and "٣", which `int()` then refuses or reads, and `int()` accepts " 1", "+1" and
"1_000". Every number is bounded, at most by what a 64-bit database column holds.
A bad value raises ParameterError, whose message is written for the person who sent
it: pages answer it with a 400 (the list's notice, or templates/400.html through
handler400, since it is a BadRequest), the API with a JSON 400.

An absent parameter takes its default; a present but empty one is an error, except
for filters (decade here), where empty means "any".
"""

from __future__ import annotations

import re
from collections.abc import Collection

from django.core.exceptions import BadRequest

# Largest value of a 64-bit signed integer column on SQLite and PostgreSQL.
MAX_INT = 2**63 - 1
MIN_DECADE = 1870
MAX_DECADE = 2100
# What parse_decade accepts, for the OpenAPI schema: "1990" or "1990s", 1870 to 2100,
# or empty (any decade). tests/catalogue/test_parameters.py checks the two agree.
DECADE_PATTERN = r"^(((18[7-9]|19[0-9]|20[0-9])0|2100)s?)?$"

_DIGITS = re.compile(r"[0-9]+")  # not \d, which matches every Unicode digit
_DECADE = re.compile(r"([0-9]{4})s?")
_MAX_DIGITS = len(str(MAX_INT))
_SHOWN_CHARS = 40


class ParameterError(BadRequest):
    """A query parameter that cannot be used; `message` is shown to the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def shown(raw: str) -> str:
    """A value quoted for an error message: control characters escaped, cut short
    when it is long."""
    return repr(_cut(raw))


def _cut(raw: str) -> str:
    return raw[:_SHOWN_CHARS] + "…" if len(raw) > _SHOWN_CHARS else raw


def is_digits(text: str) -> bool:
    """Whether `text` is one or more of the ASCII digits 0-9, and nothing else."""
    return _DIGITS.fullmatch(text) is not None


def parse_int(field: str, raw: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int:
    """The whole number written in `raw` with the digits 0-9 (no sign, space or
    exponent), between `minimum` and `maximum`; ParameterError otherwise."""
    if not is_digits(raw):
        raise ParameterError(
            field,
            f"{field.capitalize()} must be a whole number written with the digits "
            f"0 to 9, not {shown(raw)}.",
        )
    # Length first: int() of thousands of digits is slow, and refused past 4,300.
    digits = raw.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS or not minimum <= int(digits) <= maximum:
        raise ParameterError(
            field,
            f"{field.capitalize()} must be between {minimum} and {maximum}, "
            f"not {shown(raw)}.",
        )
    return int(digits)


def parse_page(raw: str | None) -> int:
    """The page number of a list (1 when absent): pages are counted from 1."""
    if raw is None:
        return 1
    try:
        return parse_int("page", raw, minimum=1)
    except ParameterError:
        escaped = shown(raw)[1:-1]  # “…” instead of repr's quotes
        raise ParameterError(
            "page", f"“{escaped}” is not a page number: pages are counted from 1."
        ) from None


def check_page_exists(number: int, page_count: int) -> None:
    """ParameterError when a list of `page_count` pages has no page `number`."""
    if number > page_count:
        plural = "s" if page_count != 1 else ""
        raise ParameterError(
            "page",
            f"There is no page {number}: this list has {page_count} page{plural}.",
        )


def parse_decade(raw: str | None) -> int | None:
    """The first year of a decade, from "1990" or "1990s"; None when absent or
    empty (any decade). Matches DECADE_PATTERN exactly."""
    if not raw:
        return None
    match = _DECADE.fullmatch(raw)
    if match is None:
        raise ParameterError(
            "decade", f"Decade must be a year like 1990, not {shown(raw)}."
        )
    decade = int(match[1])
    if decade % 10 or not MIN_DECADE <= decade <= MAX_DECADE:
        raise ParameterError(
            "decade",
            f"Decade must be a multiple of ten between {MIN_DECADE} and "
            f"{MAX_DECADE}, not {shown(raw)}.",
        )
    return decade


def parse_choice(
    field: str, raw: str | None, choices: Collection[str], *, default: str
) -> str:
    """One of `choices` (`default` when absent); an empty or unknown value is an
    error that lists the valid ones."""
    if raw is None:
        return default
    if raw not in choices:
        raise ParameterError(
            field,
            f"Unknown {field} {shown(raw)}; use one of: {', '.join(choices)}.",
        )
    return raw

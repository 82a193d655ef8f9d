"""Numbers and choices in query strings: ASCII digits only, bounded, and the decade
pattern published in the OpenAPI schema accepts exactly what parse_decade accepts."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import BadRequest

from cinematheque.catalogue.parameters import (
    DECADE_PATTERN,
    MAX_INT,
    ParameterError,
    check_page_exists,
    parse_choice,
    parse_decade,
    parse_int,
    parse_page,
)

# Values that str.isdigit() or int() accept although they are not ASCII digits.
NOT_ASCII_DIGITS = [
    "\u00b2",  # superscript two: isdigit() is True, int() raises
    "\u00b9",
    "\u0663",  # Arabic-Indic three: int() reads 3
    "\uff11",  # full-width one: int() reads 1
    "\U0001d7d9",  # mathematical double-struck one
    "-1",
    "+1",
    " 1",
    "1 ",
    "1\n",
    "1_000",
    "1e3",
    "1.5",
    "0x10",
    "",
    "\x00",
]


@pytest.mark.parametrize("raw", NOT_ASCII_DIGITS)
def test_only_ascii_digits_are_a_number(raw):
    with pytest.raises(ParameterError, match="digits 0 to 9") as caught:
        parse_int("limit", raw)
    assert caught.value.field == "limit"


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", 0), ("007", 7), ("0" * 30, 0), (str(MAX_INT), MAX_INT)]
)
def test_ascii_digits_are_read(raw, expected):
    assert parse_int("offset", raw) == expected


# "1" + 5000 zeros: int() itself refuses more than 4,300 digits with a ValueError.
@pytest.mark.parametrize("raw", [str(MAX_INT + 1), "9" * 30, "1" + "0" * 5000])
def test_numbers_past_a_64_bit_column_are_refused(raw):
    with pytest.raises(ParameterError, match="between 0 and 9223372036854775807"):
        parse_int("offset", raw)


def test_bounds_are_inclusive_and_named_in_the_message():
    assert parse_int("limit", "100", minimum=1, maximum=100) == 100
    with pytest.raises(ParameterError, match="between 1 and 100, not '101'"):
        parse_int("limit", "101", minimum=1, maximum=100)


def test_a_parameter_error_is_a_bad_request_with_a_short_message():
    with pytest.raises(BadRequest) as caught:
        parse_int("page", "x" * 5000)
    assert len(str(caught.value)) < 200


def test_absent_page_is_the_first_and_an_empty_one_is_refused():
    assert parse_page(None) == 1
    assert parse_page("3") == 3
    with pytest.raises(ParameterError, match="\u201c\u201d is not a page number"):
        parse_page("")
    with pytest.raises(ParameterError, match="is not a page number"):
        parse_page("0")


def test_a_page_past_the_end_names_the_last():
    check_page_exists(2, 2)
    with pytest.raises(ParameterError, match="no page 3: this list has 2 pages"):
        check_page_exists(3, 2)


def test_absent_or_empty_decade_means_any():
    assert parse_decade(None) is None
    assert parse_decade("") is None


DECADE_SAMPLES = [
    "1870",
    "1990",
    "1990s",
    "2100",
    "2100s",
    "1860",
    "2110",
    "1995",
    "000000000",
    "01990",
    "1990ss",
    " 1990",
    "1990 ",
    "\u0661\u0669\u0669\u0660",  # 1990 in Arabic-Indic digits
    "\u00b2",
    "-1990",
    "199O",
    "s",
    "1990S",
]


@pytest.mark.parametrize("raw", DECADE_SAMPLES)
def test_decade_pattern_and_parser_agree(raw):
    try:
        parse_decade(raw)
        accepted = True
    except ParameterError:
        accepted = False
    assert accepted == bool(re.search(DECADE_PATTERN, raw))


def test_every_year_from_1800_to_2200_agrees_with_the_pattern():
    for year in range(1800, 2201):
        for raw in (str(year), f"{year}s"):
            accepted = re.search(DECADE_PATTERN, raw) is not None
            assert accepted == (year % 10 == 0 and 1870 <= year <= 2100), raw
            try:
                parsed = parse_decade(raw)
            except ParameterError:
                parsed = None
            assert (parsed == year) == accepted, raw


def test_choice_defaults_when_absent_and_refuses_empty_or_unknown():
    choices = ["title", "-year"]
    assert parse_choice("sort", None, choices, default="title") == "title"
    assert parse_choice("sort", "-year", choices, default="title") == "-year"
    for raw in ["", "TITLE", " title", "year"]:
        with pytest.raises(ParameterError, match="use one of: title, -year"):
            parse_choice("sort", raw, choices, default="title")

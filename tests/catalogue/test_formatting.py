import datetime

import pytest

from cinematheque.catalogue.template_filters import (
    format_money,
    format_release,
    format_runtime,
    format_score,
    iso_duration,
    iso_release,
    json_for_script,
)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (187_436_818, "USD", "$187.4 million"),
        (60_000_000, "USD", "$60 million"),
        (950_000, "USD", "$950,000"),
        (1_000_000, "USD", "$1 million"),
        (1_999_999, "USD", "$2 million"),
        (2_787_965_087, "USD", "$2.8 billion"),
        (999_960_000, "USD", "$1 billion"),
        (12_500_000, "GBP", "£12.5 million"),
        (35_000_000, "SEK", "SEK 35 million"),
        (700_000, "EUR", "€700,000"),
        (5_000_000_000, "JPY", "¥5 billion"),
        (35_000_000, "usd", "$35 million"),
    ],
)
def test_money_reads_like_a_person_writes_it(amount, currency, expected):
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize("amount", [None, 0, -5])
def test_missing_money_is_not_known_never_zero(amount):
    assert format_money(amount, "USD") == "Not known"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(170, "2 h 50 min"), (45, "45 min"), (120, "2 h"), (None, "Not known")],
)
def test_runtime_in_hours_and_minutes(minutes, expected):
    assert format_runtime(minutes) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"), [(170, "PT2H50M"), (45, "PT45M"), (120, "PT2H"), (0, "")]
)
def test_iso_duration_for_schema_org(minutes, expected):
    assert iso_duration(minutes) == expected


@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        ("day", "15 December 1995", "1995-12-15"),
        ("month", "December 1995", "1995-12"),
        ("year", "1995", "1995"),
    ],
)
def test_release_date_respects_precision(precision, shown, iso):
    date = datetime.date(1995, 12, 15)
    assert format_release(date, precision, 1995) == shown
    assert iso_release(date, precision, 1995) == iso


def test_release_without_a_date_falls_back_to_the_year():
    assert format_release(None, "day", 1995) == "1995"
    assert format_release(None, "day", None) == "Not known"
    assert iso_release(None, "day", None) == ""


@pytest.mark.parametrize(
    ("kind", "value", "scale", "expected"),
    [
        ("rt_tomatometer", 84, 100, "84%"),
        ("rt_average", 7.8, 10, "7.8/10"),
        ("rt_average", 8.0, 10, "8/10"),
        ("metacritic", 76, 100, "76/100"),
    ],
)
def test_score_values(kind, value, scale, expected):
    assert format_score(kind, value, scale) == expected


def test_json_for_a_script_escapes_markup_characters():
    script = json_for_script({"name": "</script><script>alert(1)</script> & co"})
    assert "<" not in script
    assert ">" not in script
    assert "\\u003C/script\\u003E" in script
    assert "\\u0026 co" in script

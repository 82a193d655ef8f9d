"""Folding and query parsing: the index and the queries must agree on words."""

from __future__ import annotations

import pytest

from cinematheque.search.text import (
    fold,
    parse_query,
    strip_article,
    title_keys,
    title_variants,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Amélie", "amelie"),
        ("Tone Lōc", "tone loc"),
        ("Ed Begley, Jr.", "ed begley jr"),
        ("Schindler's List", "schindlers list"),
        ("Schindler\u2019s List", "schindlers list"),
        ("E.T. the Extra-Terrestrial", "et the extra terrestrial"),
        ("L.A. Confidential", "la confidential"),
        ("Aimée & Jaguar", "aimee and jaguar"),
        ("Straße", "strasse"),
        ("Ærø Łódź", "aero lodz"),
        ("İstanbul", "istanbul"),
        ('  NEAR("x" *)  ', "near x"),
        ("七人の侍", "七人の侍"),
        ("", ""),
    ],
)
def test_fold_ignores_case_accents_and_punctuation(text, folded):
    assert fold(text) == folded


def test_fold_agrees_for_ascii_and_non_ascii_spellings():
    assert fold("Les Miserables: Part 2") == fold("Les Misérables: Part 2")


def test_year_is_read_from_the_end_or_parentheses():
    assert parse_query("Heat (1995)").year == 1995
    assert parse_query("heat 1995").text_words == ("heat",)
    assert parse_query("2001 a space odyssey").year == 2001


def test_a_lone_year_is_a_title_word():
    query = parse_query("1984")
    assert query.text_words == ("1984",)
    assert not query.year_words


def test_last_word_is_a_prefix_only_while_typing():
    assert parse_query("the godf").prefix_last
    assert not parse_query("Heat (1995)").prefix_last
    assert not parse_query("heat ").prefix_last


def test_parse_query_drops_lone_surrogates_and_control_characters():
    query = parse_query("he\ud800at\x00")
    assert query.words == ("heat",)


def test_parse_query_bounds_very_long_input():
    assert len(parse_query("word " * 5000).words) == 12


def test_article_is_stripped_only_when_a_title_remains():
    assert strip_article("the godfather") == "godfather"
    assert strip_article("the") == "the"


def test_title_keys_include_parts_around_a_colon_or_dash():
    whole, parts = title_keys("Star Wars: Episode IV \u2013 A New Hope")
    assert "star wars episode iv a new hope" in whole
    assert {"star wars", "a new hope", "new hope"} <= parts


def test_title_variants_cover_solid_hyphens_numerals_and_number_words():
    assert "spiderman" in title_variants("Spider-Man")
    assert "rocky 2" in title_variants("Rocky II")
    assert "oceans eleven" in title_variants("Ocean's 11")
    assert "twelve angry men" in title_variants("12 Angry Men")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("8½", "8 1over2"),
        ("8 1/2", "8 1over2"),
        ("8 1\u20442", "8 1over2"),
        ("½", "1over2"),
        ("The Lion King 1½", "the lion king 1 1over2"),
        ("3/4 moon", "3over4 moon"),
        ("Fahrenheit 9/11", "fahrenheit 9 11"),
        ("24/7", "24 7"),
        ("50/50", "50 50"),
        ("V/H/S/2", "v h s 2"),
        ("Romeo + Juliet", "romeo and juliet"),
        ("X+Y", "x and y"),
        ("+1", "1"),
    ],
)
def test_fold_reads_fractions_and_plus_as_words(text, folded):
    assert fold(text) == folded


def test_title_variants_spell_fractions_in_digits_and_n_as_and():
    assert {"8 1 2", "8 and a half", "eight and a half"} <= set(title_variants("8½"))
    assert "rock and roll high school" in title_variants("Rock 'n' Roll High School")

"""Typo correction helpers."""

from __future__ import annotations

from cinematheque.search.spelling import edit_distance, edits1, is_correctable


def test_edits1_contains_every_kind_of_single_edit():
    candidates = edits1("godfater")
    assert "godfather" in candidates  # insertion
    assert "godfate" in candidates  # deletion
    assert "ogdfater" in candidates  # transposition
    assert "godfeter" in candidates  # substitution
    assert "godfater" not in candidates


def test_edit_distance_counts_a_transposition_as_one_edit():
    assert edit_distance("pacnio", "pacino") == 1
    assert edit_distance("redemtion", "redemption") == 1
    assert edit_distance("scorcese", "scorsese") == 1
    assert edit_distance("kitten", "sitting") == 3


def test_numbers_and_short_or_foreign_words_are_not_corrected():
    assert not is_correctable("1995")
    assert not is_correctable("ab")
    assert not is_correctable("七人の侍")
    assert is_correctable("godfater")

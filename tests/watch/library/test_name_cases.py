"""The parser on guessit's and Jellyfin's published naming cases
(tests/fixtures/media_names, sources in its README): every case right but the known
misses, each listed with its reason."""

import json
from pathlib import Path

import pytest

from cinematheque.watch.library.accuracy import evaluate

CASES = json.loads(
    (Path(__file__).parents[2] / "fixtures/media_names/cases.json").read_text()
)["cases"]
RESULTS = evaluate(CASES)


def test_the_cases_come_from_both_suites():
    sources = {case["source"].split(":")[0] for case in CASES}
    assert sources == {"guessit", "jellyfin"}
    assert len(CASES) >= 150


def test_at_least_nine_in_ten_cases_read_the_right_title_and_year():
    right = sum(result.title_year_right for result in RESULTS)
    assert right / len(RESULTS) >= 0.95


@pytest.mark.parametrize(
    "result",
    [result for result in RESULTS if "known_miss" not in result.case],
    ids=lambda result: result.case["path"][-60:],
)
def test_case(result):
    assert result.title_year_right, result.describe()
    assert result.details_right == result.details_total, result.describe()


@pytest.mark.parametrize(
    "result",
    [result for result in RESULTS if "known_miss" in result.case],
    ids=lambda result: result.case["path"][-60:],
)
def test_known_miss_is_still_a_miss(result):
    """A known miss that the parser now reads right should lose its mark."""
    assert result.case["known_miss"]
    assert not result.all_right

"""The relevance set (tests/search/relevance.py) on the whole bundled catalogue.

Floors, measured 1.00 / 1.00 / 1.00 on SQLite and PostgreSQL when they were set (92
queries); they leave room for small changes to the data or the ranking, not for
regressions: success@1 at least 0.90, success@5 at least 0.97, MRR at least 0.93.
With the ranking families of issue 8 (126 queries) the set measures 0.984 / 1.000 /
0.990 on SQLite and PostgreSQL (the ranking before them: 0.929 / 0.960 / 0.943).
"""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Film
from cinematheque.search.engine import search
from cinematheque.search.models import FilmDocument
from cinematheque.search.services import search_rebuild
from tests.search.relevance import CASES, evaluate

pytestmark = pytest.mark.bundled

SUCCESS_AT_1_FLOOR = 0.90
SUCCESS_AT_5_FLOOR = 0.97
MRR_FLOOR = 0.93


@pytest.fixture(scope="session")
def bundled_index(bundled_catalogue, django_db_blocker):
    """The search index of the bundled catalogue, built once unless the import
    already built it."""
    with django_db_blocker.unblock():
        if FilmDocument.objects.count() != Film.objects.count():
            search_rebuild()


def test_relevance_set_covers_every_behaviour():
    covered = " ".join(case.covers for case in CASES)
    assert len(CASES) >= 60
    for behaviour in (
        "title",
        "case",
        "accents",
        "apostrophe",
        "initialism",
        "year",
        "typo",
        "two actors",
        "director and title",
        "suffix",
        "name",
        "typing",
        "namesakes",
        "remake",
        "title word beats name prefix",
        "famous person beats namesake",
        "best-known films",
        "fraction",
        "roman numeral",
        "ampersand",
        "'n' as and",
    ):
        assert behaviour in covered, behaviour


def test_relevance_set_meets_its_floor(bundled_index, db):
    scores = evaluate(
        lambda query, among: [
            (hit.kind, hit.slug) for hit in search(query, kind=among).hits
        ]
    )
    misses = "\n".join(
        f"  {case.query!r}: expected {case.slug} ({case.covers}), rank {rank}, top {top}"
        for case, rank, top in scores.misses
    )
    assert scores.success_at_1 >= SUCCESS_AT_1_FLOOR, misses
    assert scores.success_at_5 >= SUCCESS_AT_5_FLOOR, misses
    assert scores.mrr >= MRR_FLOOR, misses


def test_heat_is_the_first_suggestion_while_typing_its_title(bundled_index, client, db):
    items = client.get("/search/suggest/", {"q": "hea"}).json()["items"]
    assert "/films/heat-1995/" in [item["url"] for item in items]
    items = client.get("/search/suggest/", {"q": "heat"}).json()["items"]
    assert items[0]["url"] == "/films/heat-1995/"

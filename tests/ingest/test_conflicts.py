"""Sources that disagree raise exactly one editorial conflict per disagreement, and
the editors' decision survives re-imports."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from cinematheque.catalogue.models import Film
from cinematheque.editorial import services
from cinematheque.editorial.models import Conflict
from cinematheque.ingest import records as r
from cinematheque.ingest.upsert import UpsertReport, upsert_stream
from tests import factories
from tests.ingest.test_upsert import HEAT_IMDB, MANN, source, tmdb_heat

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)


def imdb_heat(**changes: Any) -> r.FilmRecord:
    values: dict[str, Any] = {
        "ids": (HEAT_IMDB,),
        "title": "Heat",
        "year": 1995,
        "runtime": 170,
        "budget": r.Money(60_000_000, "USD"),
        "credits": (r.CreditRecord(MANN, "directing", "Director", order=0),),
    }
    return r.FilmRecord(**{**values, **changes})


def run(record: r.FilmRecord, key: str) -> UpsertReport:
    return upsert_stream([record], source=source(key), retrieved_at=WHEN)


def conflicts() -> dict[str, list[tuple[str, str]]]:
    return {
        conflict.field: sorted(
            (option.source.key, option.value) for option in conflict.options.all()
        )
        for conflict in Conflict.objects.prefetch_related("options__source")
    }


def test_sources_that_agree_raise_no_conflict():
    run(tmdb_heat(), "tmdb")
    report = run(
        imdb_heat(runtime=174, budget=r.Money(65_000_000, "USD")),  # within 5 min, 10 %
        "imdb",
    )
    assert conflicts() == {}
    assert report.conflicts_created == 0


@pytest.mark.parametrize(
    ("changes", "field", "options"),
    [
        ({"year": 1996}, "year", [("imdb", "1996"), ("tmdb", "1995")]),
        ({"runtime": 180}, "runtime", [("imdb", "180 min"), ("tmdb", "170 min")]),
        (
            {"budget": r.Money(70_000_000, "USD")},
            "budget",
            [("imdb", "70,000,000 USD"), ("tmdb", "60,000,000 USD")],
        ),
        (
            {
                "credits": (
                    r.CreditRecord(
                        r.PersonRecord(
                            ids=(r.ExternalId.imdb("nm0000229"),),
                            name="Steven Spielberg",
                        ),
                        "directing",
                        "Director",
                        order=0,
                    ),
                )
            },
            "director",
            [("imdb", "Steven Spielberg"), ("tmdb", "Michael Mann")],
        ),
    ],
)
def test_each_disagreement_raises_exactly_one_conflict(changes, field, options):
    run(tmdb_heat(), "tmdb")
    first = run(imdb_heat(**changes), "imdb")
    again = run(imdb_heat(**changes), "imdb")
    run(tmdb_heat(), "tmdb")
    assert conflicts() == {field: options}
    assert (first.conflicts_created, again.conflicts_created) == (1, 0)
    assert Conflict.objects.get().status == Conflict.Status.OPEN


def test_money_in_different_currencies_is_not_compared():
    run(tmdb_heat(), "tmdb")
    run(imdb_heat(budget=r.Money(50_000_000, "EUR")), "imdb")
    assert conflicts() == {}


def test_an_open_conflict_follows_the_sources_new_values():
    run(tmdb_heat(), "tmdb")
    run(imdb_heat(year=1996), "imdb")
    report = run(imdb_heat(year=1997), "imdb")
    assert conflicts() == {"year": [("imdb", "1997"), ("tmdb", "1995")]}
    assert report.conflicts_updated == 1


def test_the_editors_decision_survives_a_reimport():
    run(tmdb_heat(), "tmdb")
    run(imdb_heat(runtime=180), "imdb")
    heat = Film.objects.get()
    assert heat.runtime == 170  # TMDB before IMDb
    conflict = Conflict.objects.get()
    chosen = conflict.options.get(source__key="imdb")
    services.conflict_resolve(
        conflict=conflict,
        chosen=chosen,
        note="The restored cut runs 180 minutes.",
        author=factories.make_user(role="chief"),
    )
    heat.refresh_from_db()
    assert heat.runtime == 180

    report = run(tmdb_heat(), "tmdb")
    run(imdb_heat(runtime=180), "imdb")

    heat.refresh_from_db()
    assert heat.runtime == 180
    assert Conflict.objects.count() == 1
    assert Conflict.objects.get().status == Conflict.Status.RESOLVED
    assert report.conflicts_created == report.conflicts_updated == 0

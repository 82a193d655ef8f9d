"""The import_open_catalogue command on the fixture: real rows of the bundled table plus
four hand-made malformed rows (tests/fixtures/open_catalogue/rows.json)."""

from __future__ import annotations

import datetime
import re
import sqlite3
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db.models import Count

from cinematheque.catalogue.models import (
    Company,
    Film,
    FilmGenre,
    FilmRelation,
    Genre,
    ReviewScore,
    Source,
)
from cinematheque.ingest import upsert
from cinematheque.people.models import Credit, Person
from tests.ingest.conftest import run_import, write_catalogue

pytestmark = pytest.mark.django_db

# A split written independently of the importer: a comma followed by a suffix is not a
# separator. Used to know how many credits the fixture must produce.
_SEPARATOR = re.compile(r", (?!(?:Jr\.|Sr\.|III|PhD)(?:,|$))")


def _names(cell: str | None) -> list[str]:
    return list(dict.fromkeys(n for n in _SEPARATOR.split(cell or "") if n))


def _expected_credits(row: dict[str, Any]) -> int:
    return sum(len(_names(row[column])) for column in ("Director", "Writer", "Cast"))


def _real_rows(fixture_rows: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in fixture_rows["omdb"] if str(r["ID"]) in fixture_rows["real"]]


def _snapshot() -> dict[str, int]:
    return {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "credits": Credit.objects.count(),
        "scores": ReviewScore.objects.count(),
        "relations": FilmRelation.objects.count(),
        "genres": Genre.objects.count(),
        "companies": Company.objects.count(),
        "film_genres": Film.genres.through.objects.count(),
        "film_companies": Film.companies.through.objects.count(),
    }


def test_every_real_row_becomes_a_film_with_all_its_credits(imported, fixture_rows):
    real = _real_rows(fixture_rows)
    assert Film.objects.count() == len(real) == 22
    assert Credit.objects.count() == sum(_expected_credits(r) for r in real)
    for row in real:
        film = Film.objects.get(wikidata_id=f"Q{row['ID']}")
        assert film.credits.count() == _expected_credits(row), film.title


def test_slugs_are_title_and_year_with_a_suffix_for_namesakes(imported):
    slugs = dict(Film.objects.values_list("wikidata_id", "slug"))
    assert slugs["Q42198"] == "heat-1995"
    assert slugs["Q1149669"] == "heat-1972"
    assert slugs["Q4140606"] == "heat-1987"
    # The Singer (2006) twice: the lower Wikidata number keeps the plain slug.
    assert slugs["Q472359"] == "the-singer-2006"
    assert slugs["Q1062358"] == "the-singer-2006-2"
    assert slugs["Q3620669"] == "apocalypse-now-redux-2001"
    # "$" has no letter to slugify.
    assert slugs["Q1195819"] == "film-1971"


def test_suffix_after_a_comma_stays_part_of_the_name(imported):
    begley = Person.objects.get(slug="ed-begley-jr")
    assert begley.name == "Ed Begley, Jr."
    assert begley.credits.filter(film__slug="batman-forever-1995").exists()
    assert Person.objects.filter(name="Joaquin Garay, III").exists()
    assert Person.objects.filter(name="Noufou Ouédraogo, PhD").exists()
    assert Person.objects.get(slug="david-s-cass-sr").name == "David S. Cass, Sr."
    suffixes = ["Jr.", "Sr.", "III", "PhD", "Ed Begley", "David S. Cass"]
    assert not Person.objects.filter(name__in=suffixes).exists()
    assert Company.objects.filter(name="Tokyopop, Inc.").exists()
    assert not Company.objects.filter(name="Inc.").exists()


def test_films_sharing_an_imdb_id_are_kept_and_linked_as_versions(imported):
    original = Film.objects.get(slug="apocalypse-now-1979")
    redux = Film.objects.get(slug="apocalypse-now-redux-2001")
    assert original.imdb_id == redux.imdb_id == "tt0078788"
    assert FilmRelation.objects.filter(
        from_film=redux, to_film=original, kind=FilmRelation.Kind.VERSION_OF
    ).exists()
    # The later film points at the earlier one: Slacker Uprising (2008) re-edits
    # Captain Mike Across America (2007).
    assert FilmRelation.objects.filter(
        from_film__slug="slacker-uprising-2008",
        to_film__slug="captain-mike-across-america-2007",
        kind=FilmRelation.Kind.VERSION_OF,
    ).exists()
    assert FilmRelation.objects.count() == 2


def test_empty_source_fields_stay_empty(imported):
    naughty = Film.objects.get(slug="the-good-old-naughty-days-2002")
    assert naughty.runtime is None
    assert naughty.box_office is None
    assert naughty.certification == ""
    assert naughty.certification_country == ""
    assert naughty.awards == ""
    assert not naughty.genres.exists()
    assert not naughty.credits.filter(department=Credit.Department.ACTING).exists()
    assert not naughty.credits.filter(department=Credit.Department.WRITING).exists()
    assert not naughty.companies.exists()
    heart = Film.objects.get(slug="the-heart-of-the-world-2000")
    assert heart.runtime is None
    assert not heart.languages.exists()
    assert not Genre.objects.filter(name="").exists()
    assert not Person.objects.filter(name="").exists()
    # No tomatometer where the source has no meter, but its RT average is kept.
    jimmy = Film.objects.get(slug="free-jimmy-2006")
    kinds = set(jimmy.review_scores.values_list("kind", flat=True))
    assert kinds == {ReviewScore.Kind.RT_AVERAGE}
    assert jimmy.review_scores.get().value == 2.7


def test_money_dates_and_scores_are_stored_as_the_source_states_them(imported):
    heat = Film.objects.get(slug="heat-1995")
    assert heat.title == "Heat"
    assert heat.year == 1995
    assert heat.imdb_id == "tt0113277"
    assert heat.runtime == 170
    assert heat.certification == "R"
    assert heat.certification_country == "US"
    assert heat.box_office == 187_436_818
    assert heat.box_office_currency == "USD"
    # 1 January means only the year is known.
    assert heat.release_date == datetime.date(1995, 1, 1)
    assert heat.release_date_precision == Film.DatePrecision.YEAR
    assert set(heat.genres.values_list("name", flat=True)) == {
        "Thriller",
        "Mystery",
        "Drama",
        "Crime",
        "History",
        "Action",
        "Adventure",
    }
    assert list(heat.countries.values_list("name", flat=True)) == ["United States"]
    assert list(heat.languages.values_list("name", flat=True)) == ["English"]
    assert list(heat.companies.values_list("name", flat=True)) == [
        "Regency Enterprises"
    ]
    meter = heat.review_scores.get(kind=ReviewScore.Kind.TOMATOMETER)
    assert (meter.value, meter.scale) == (84, 100)
    assert (meter.review_count, meter.fresh_count, meter.rotten_count) == (154, 129, 25)
    metascore = heat.review_scores.get(kind=ReviewScore.Kind.METACRITIC)
    assert (metascore.value, metascore.scale) == (76, 100)
    assert not heat.review_scores.filter(kind=ReviewScore.Kind.IMDB).exists()
    singer = Film.objects.get(slug="the-singer-2006-2")
    assert singer.release_date == datetime.date(2006, 5, 26)
    assert singer.release_date_precision == Film.DatePrecision.DAY
    godfather = Film.objects.get(slug="the-godfather-1972")
    # As the source counts them (not necessarily as the Academy does).
    assert godfather.oscar_wins == 2
    assert godfather.awards == "Won 2 Oscars. Nominated for 7 Oscars."
    assert heat.oscar_wins == 0
    assert heat.awards == ""


def test_directors_and_writers_keep_the_source_order(imported):
    heat_1987 = Film.objects.get(slug="heat-1987")
    directors = heat_1987.credits.filter(department=Credit.Department.DIRECTING)
    assert list(directors.order_by("order").values_list("person__name", "job")) == [
        ("Dick Richards", "Director"),
        ("Jerry Jameson", "Director"),
    ]
    assert not directors.filter(order_is_estimated=True).exists()
    apocalypse = Film.objects.get(slug="apocalypse-now-1979")
    writers = apocalypse.credits.filter(department=Credit.Department.WRITING)
    assert list(writers.order_by("order").values_list("person__name", flat=True)) == [
        "Francis Ford Coppola",
        "John Milius",
        "Michael Herr",
    ]


def test_every_imported_row_points_at_the_wikidata_source(imported):
    source = Source.objects.get(key="wikidata")
    assert source.name == "Wikidata film table (bokeh-sampledata)"
    assert source.licence == "CC0 1.0"
    assert source.licence_url == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert source.attribution == "Wikidata contributors, CC0"
    assert source.retrieved_on == datetime.date(2026, 10, 18)
    for model in (Film, Person, Credit, ReviewScore, FilmRelation):
        assert model.objects.exists()
        assert not model.objects.exclude(source=source).exists(), model.__name__


def test_malformed_rows_are_reported_and_skipped(imported, fixture_rows):
    for row_id, reason in fixture_rows["malformed"].items():
        assert f"Rejected row {row_id}: {reason}; skipped." in imported.stderr
        assert not Film.objects.filter(wikidata_id=f"Q{row_id}").exists()
    assert "Rows read: 26; rejected: 4" in imported.stdout


def test_summary_and_progress_are_printed(imported):
    assert "Films: 22 created, 0 updated, 0 unchanged" in imported.stdout
    assert f"People: {Person.objects.count()} created" in imported.stdout
    assert f"Credits: {Credit.objects.count()} created" in imported.stdout
    assert "Version relations: 2 created" in imported.stdout
    assert "Open catalogue import complete." in imported.stdout
    assert "Importing films" in imported.stderr
    assert "26/26" in imported.stderr


def test_import_derives_critics_scores_and_genre_centrality(imported):
    rated = Film.objects.filter(
        review_scores__kind=ReviewScore.Kind.TOMATOMETER,
        review_scores__review_count__gt=0,
    )
    assert rated.exists()
    assert not rated.filter(critics_score__isnull=True).exists()
    assert FilmGenre.objects.exists()
    assert not FilmGenre.objects.filter(centrality=0).exists()
    assert "genre centrality:" in imported.stdout


def test_verbosity_zero_prints_only_rejected_rows(db, catalogue_path):
    run = run_import(catalogue_path, verbosity=0)
    assert run.stdout == ""
    assert run.stderr.count("Rejected row") == 4
    assert "Importing films" not in run.stderr
    assert Film.objects.count() == 22


def test_second_run_creates_and_duplicates_nothing(imported, catalogue_path):
    before = _snapshot()
    credits = set(
        Credit.objects.values_list(
            "pk", "film_id", "person_id", "department", "job", "order"
        )
    )
    films = list(Film.objects.order_by("pk").values())
    people = list(
        Person.objects.order_by("pk").values("pk", "name", "slug", "prominence")
    )
    again = run_import(catalogue_path)
    assert _snapshot() == before
    assert (
        set(
            Credit.objects.values_list(
                "pk", "film_id", "person_id", "department", "job", "order"
            )
        )
        == credits
    )
    assert list(Film.objects.order_by("pk").values()) == films
    assert (
        list(Person.objects.order_by("pk").values("pk", "name", "slug", "prominence"))
        == people
    )
    assert "Films: 0 created, 0 updated, 22 unchanged" in again.stdout
    assert "People: 0 created" in again.stdout
    assert "Credits: 0 created, 0 updated, 0 deleted" in again.stdout
    assert "Review scores: 0 created, 0 updated, 0 deleted" in again.stdout
    assert "Version relations: 0 created, 0 deleted" in again.stdout
    assert (
        "Derived: 0 films rescored, 0 people rescored, 0 cast credits reordered"
        in again.stdout
    )
    assert (
        "Critics' scores: 0 changed; genre centrality: 0 film genres changed"
        in again.stdout
    )
    duplicates = (
        Credit.objects.values("film", "person", "department", "job")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()


def test_limit_imports_the_first_rows_in_wikidata_order(db, catalogue_path):
    run = run_import(catalogue_path, limit=3)
    assert sorted(Film.objects.values_list("wikidata_id", flat=True)) == [
        "Q42198",
        "Q47075",
        "Q47221",
    ]
    assert "Rows read: 3; rejected: 0" in run.stdout


def test_a_file_without_the_tables_is_a_command_error(db, tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(CommandError, match="lacks the table"):
        run_import(empty)
    with pytest.raises(CommandError, match="does not exist"):
        run_import(tmp_path / "missing.db")
    assert not Film.objects.exists()


def test_bad_options_are_command_errors(db, catalogue_path):
    with pytest.raises(CommandError, match="--batch-size"):
        run_import(catalogue_path, batch_size=0)
    with pytest.raises(CommandError, match="--limit"):
        run_import(catalogue_path, limit=-1)


def test_rerun_updates_changed_values_and_drops_removed_credits(
    imported, tmp_path, fixture_rows
):
    heat = next(r for r in fixture_rows["omdb"] if r["ID"] == 42198)
    heat["Runtime"] = 171.0
    heat["Cast"] = heat["Cast"].replace("Danny Trejo, ", "")
    heat["Genre"] = "Crime, Drama"
    tomatoes = next(r for r in fixture_rows["tomatoes"] if r["ID"] == 42198)
    tomatoes["Meter"] = 87
    tomatoes["Fresh"] = tomatoes["Rotten"] = None
    changed = write_catalogue(tmp_path / "changed.db", fixture_rows)
    films_before = Film.objects.count()
    run = run_import(changed)
    assert "Films: 0 created, 1 updated, 21 unchanged" in run.stdout
    assert "Credits: 0 created, 0 updated, 1 deleted" in run.stdout
    film = Film.objects.get(slug="heat-1995")
    assert film.runtime == 171
    assert set(film.genres.values_list("name", flat=True)) == {"Crime", "Drama"}
    assert not film.credits.filter(person__name="Danny Trejo").exists()
    meter = film.review_scores.get(kind=ReviewScore.Kind.TOMATOMETER)
    assert (meter.value, meter.fresh_count, meter.rotten_count) == (87, None, None)
    assert "Review scores: 0 created, 1 updated, 0 deleted" in run.stdout
    # The person stays: people are shared between films and other sources.
    assert Person.objects.filter(name="Danny Trejo").exists()
    assert Film.objects.count() == films_before


def test_rows_of_another_source_are_left_alone(imported, catalogue_path):
    editors = Source.objects.create(
        key="editors", name="Editors", licence="CC BY-SA 4.0", attribution="Editors"
    )
    heat = Film.objects.get(slug="heat-1995")
    hanna = Credit.objects.create(
        film=heat,
        person=Person.objects.get(name="Al Pacino"),
        department=Credit.Department.ACTING,
        job="Lead",
        character="Vincent Hanna",
        order=0,
        source=editors,
    )
    metascore = heat.review_scores.get(kind=ReviewScore.Kind.METACRITIC)
    metascore.value, metascore.source = 99, editors
    metascore.save(update_fields=["value", "source"])
    kilmer = heat.credits.get(person__name="Val Kilmer", source__key="wikidata")
    kilmer.order = 25
    kilmer.save(update_fields=["order"])

    run_import(catalogue_path)

    hanna.refresh_from_db()
    assert (hanna.source, hanna.job, hanna.order) == (editors, "Lead", 0)
    metascore.refresh_from_db()
    assert (metascore.value, metascore.source) == (99, editors)
    # A cast with billing from another source is not re-estimated.
    kilmer.refresh_from_db()
    assert kilmer.order == 25


@pytest.mark.django_db(transaction=True)
def test_interrupted_run_leaves_no_half_film_and_a_rerun_completes_it(
    catalogue_path, fixture_rows, monkeypatch
):
    real_write_scores = upsert._BatchWrite._write_scores
    calls = []

    def crash_in_second_batch(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the operator stops the run, or the process dies
        return real_write_scores(self, *args, **kwargs)

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", crash_in_second_batch)
    with pytest.raises(KeyboardInterrupt):
        run_import(catalogue_path, batch_size=5)

    rows = sorted(_real_rows(fixture_rows), key=lambda r: r["ID"])
    first, second = rows[:5], rows[5:10]
    for row in first:
        film = Film.objects.get(wikidata_id=f"Q{row['ID']}")
        assert film.credits.count() == _expected_credits(row)
    assert not Film.objects.filter(
        wikidata_id__in=[f"Q{r['ID']}" for r in second]
    ).exists()
    assert Film.objects.count() == 5
    assert not Person.objects.annotate(n=Count("credits")).filter(n=0).exists()

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", real_write_scores)
    run = run_import(catalogue_path, batch_size=5)
    assert "Films: 17 created, 0 updated, 5 unchanged" in run.stdout
    _assert_everything_imported(fixture_rows, rows)


def _assert_everything_imported(fixture_rows, rows):
    assert Film.objects.count() == 22
    assert Credit.objects.count() == sum(_expected_credits(r) for r in rows)
    real_ids = {r["ID"] for r in rows}
    tomatoes = [t for t in fixture_rows["tomatoes"] if t["ID"] in real_ids]
    assert ReviewScore.objects.count() == (
        sum(t["Meter"] is not None for t in tomatoes)
        + sum(t["Rating"] is not None for t in tomatoes)
        + sum(r["Metacritic"] is not None for r in rows)
    )
    assert FilmRelation.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_film_that_fails_is_reported_and_keeps_nothing_half_written(
    catalogue_path, fixture_rows, monkeypatch
):
    real_write_scores = upsert._BatchWrite._write_scores

    def fail_for_heat(self, films, *args, **kwargs):
        if any(film.record.id_in("wikidata") == "Q42198" for film in films):
            raise RuntimeError("simulated failure")
        return real_write_scores(self, films, *args, **kwargs)

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", fail_for_heat)
    run = run_import(catalogue_path, batch_size=5)
    assert "Q42198" in run.stderr
    assert "simulated failure" in run.stderr
    assert "Films: 21 created" in run.stdout
    assert not Film.objects.filter(wikidata_id="Q42198").exists()

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", real_write_scores)
    run = run_import(catalogue_path, batch_size=5)
    assert "Films: 1 created, 0 updated, 21 unchanged" in run.stdout
    rows = sorted(_real_rows(fixture_rows), key=lambda r: r["ID"])
    _assert_everything_imported(fixture_rows, rows)


@pytest.mark.django_db(transaction=True)
def test_when_every_film_of_a_batch_fails_the_run_stops_with_the_reason(
    catalogue_path, monkeypatch
):
    def always_fail(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", always_fail)
    with pytest.raises(CommandError, match=r"batch 1 .*database gone"):
        run_import(catalogue_path, batch_size=5)
    assert not Film.objects.exists()


def test_a_film_another_source_created_keeps_its_values_and_gains_the_missing_ones(
    db, catalogue_path
):
    tmdb = Source.objects.create(
        key="tmdb", name="TMDB", licence="TMDB terms", attribution="TMDB"
    )
    heat = Film.objects.create(
        title="Heat",
        year=1995,
        slug="heat-1995",
        runtime=171,
        wikidata_id="Q42198",
        source=tmdb,
    )
    heat.genres.add(Genre.objects.create(name="Heist", slug="heist"))
    run = run_import(catalogue_path)
    heat.refresh_from_db()
    assert (heat.runtime, heat.source, heat.slug) == (171, tmdb, "heat-1995")
    assert Film.objects.filter(wikidata_id="Q42198").count() == 1
    assert heat.credits.filter(person__name="Al Pacino").exists()
    assert {"Heist", "Crime"} <= set(heat.genres.values_list("name", flat=True))
    # TMDB is preferred for the runtime it gave; what it did not give, the bundled
    # table fills in.
    assert heat.certification == "R"
    assert "Films: 21 created, 1 updated, 0 unchanged" in run.stdout


def test_a_run_that_changes_the_catalogue_recomputes_the_related_films(imported):
    from cinematheque.recommendations.models import Recommendation

    heat = Film.objects.get(slug="heat-1995")
    assert Recommendation.objects.filter(film=heat).exists()
    assert "Recomputing the related films" in imported.stdout


def test_a_run_that_changes_nothing_leaves_the_related_films_alone(
    imported, catalogue_path
):
    second = run_import(catalogue_path)
    assert "Recomputing the related films" not in second.stdout


def test_related_films_can_be_left_for_later(db, catalogue_path):
    from cinematheque.recommendations.models import Recommendation

    run_import(catalogue_path, skip_recommendations=True)
    assert not Recommendation.objects.exists()

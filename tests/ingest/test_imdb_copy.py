"""PostgreSQL's whole-file path of the IMDb import (ingest/imdb/pgcopy.py): the same
results as the chunked path that reads every row in Python (the one SQLite uses),
on the fixture files (tests/fixtures/imdb_datasets) and on rows that COPY's text
format could misread (backslashes, a byte that is not UTF-8)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from cinematheque.catalogue.models import (
    AlternativeTitle,
    FieldProvenance,
    Film,
    FilmExternalId,
    FilmGenre,
    ReviewScore,
)
from cinematheque.ingest import bulk_upsert
from cinematheque.ingest.imdb import Interrupted, imdb_import, pgcopy
from cinematheque.ingest.imdb.importer import ImdbImportReport
from cinematheque.ingest.models import ImportRun
from cinematheque.people.models import Credit, Person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imdb_datasets"
# Rows added to the fixtures: a backslash inside a title, a title that ends with
# one (before a tab, where COPY would read an escaped tab), a byte that is not
# UTF-8, a character list with escaped quotes and an escaped backslash, an aka
# with a backslash.
HARD_ROWS = {
    "title.basics": [
        b"tt9000010\tmovie\tA Back\\slash Title\tEnds With\\\t0\t2011\t\\N\t88\tDrama",
        b"tt9000011\tmovie\tBad \xff Byte\tBad Byte\t0\t2012\t\\N\t90\tDrama",
    ],
    "title.principals": [
        b'tt9000010\t1\tnm0000199\tactor\t\\N\t["A \\"Quoted\\" Part","C:\\\\Path"]',
        b'tt9000010\t2\tnm0000134\tactor\t\\N\t["Plain"]',
    ],
    "title.akas": [b"tt9000010\t1\tBack\\slash aka\tUS\t\\N\timdbDisplay\t\\N\t0"],
}

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's"
)


def gzipped(directory: Path, extra: dict[str, list[bytes]] | None = None) -> Path:
    directory.mkdir()
    for path in FIXTURES.glob("*.tsv"):
        data = path.read_bytes()
        for row in (extra or {}).get(path.name.removesuffix(".tsv"), []):
            data += row + b"\n"
        with gzip.open(directory / f"{path.name}.gz", "wb") as gz:
            gz.write(data)
    return directory


def snapshot() -> dict[str, Any]:
    """Everything the import writes, by IMDb ids rather than database ids."""
    tt = dict(
        FilmExternalId.objects.filter(namespace="imdb").values_list("film_id", "value")
    )
    nm = dict(Person.objects.values_list("pk", "imdb_id"))
    return {
        "films": sorted(
            (tt[pk], title, original, year, runtime, slug, source)
            for pk, title, original, year, runtime, slug, source in Film.objects.values_list(
                "pk",
                "title",
                "original_title",
                "year",
                "runtime",
                "slug",
                "source__key",
            )
        ),
        "values": sorted(
            (tt[film], field, source, repr(value))
            for film, field, source, value in FieldProvenance.objects.values_list(
                "film_id", "field", "source__key", "value"
            )
        ),
        "genres": sorted(
            (tt[film], name)
            for film, name in FilmGenre.objects.values_list("film_id", "genre__name")
        ),
        "people": sorted(
            Person.objects.values_list(
                "imdb_id", "name", "slug", "birth_year", "death_year"
            )
        ),
        "credits": sorted(
            (tt[film], nm[person], *rest)
            for film, person, *rest in Credit.objects.values_list(
                "film_id",
                "person_id",
                "department",
                "job",
                "character",
                "order",
                "order_is_estimated",
                "source__key",
            )
        ),
        "scores": sorted(
            (tt[film], *rest)
            for film, *rest in ReviewScore.objects.values_list(
                "film_id", "kind", "value", "scale", "review_count", "source__key"
            )
        ),
        "akas": sorted(
            (tt[film], *rest)
            for film, *rest in AlternativeTitle.objects.values_list(
                "film_id", "title", "country", "language", "kind", "source__key"
            )
        ),
    }


def reported(report: ImdbImportReport) -> dict[str, Any]:
    """The report per file, the credits written and what is to be refreshed (by
    IMDb ids)."""
    upserted = report.upserted
    tt = dict(Film.objects.values_list("pk", "imdb_id"))
    nm = dict(Person.objects.values_list("pk", "imdb_id"))
    return {
        **{
            name: (
                file.rows_read,
                file.rows_used,
                dict(file.left_out),
                dict(file.malformed),
                file.examples,
            )
            for name, file in report.files.items()
        },
        "credits": (upserted.credits_created, upserted.credits_updated),
        "touched films": sorted(tt[pk] for pk in upserted.touched_films),
        "touched people": sorted(nm[pk] for pk in upserted.touched_people),
    }


def forget_everything() -> None:
    Film.objects.all().delete()
    Person.objects.all().delete()
    ImportRun.objects.all().delete()


def both_paths(directory: Path, **options: Any) -> tuple[Any, Any]:
    """(snapshot, report) after the chunked path, then after the whole-file path,
    each into an empty catalogue."""
    chunked = imdb_import(directory=directory, chunk_rows=3, **options)
    first = (snapshot(), reported(chunked))
    forget_everything()
    whole = imdb_import(directory=directory, **options)
    return first, (snapshot(), reported(whole))


# --- COPY's text format --------------------------------------------------------------------


def test_blocks_whose_only_backslashes_are_nulls_go_unchanged():
    block = b"tt0113277\tmovie\tHeat\tHeat\t0\t1995\t\\N\t170\tAction\n"
    assert pgcopy.copy_text(block) is block
    nulls = b"tt0000001\t\\N\t\\N\t\\N\n"
    assert pgcopy.copy_text(nulls) is nulls


def test_other_backslashes_are_doubled_and_null_fields_kept():
    block = (
        b'tt9000001\t1\tnm9000001\tactor\t\\N\t["The \\"Boss\\"","Narrator"]\n'
        b"tt9000010\tmovie\tEnds With\\\t\\N\t\\N\t\\N\n"
    )
    assert pgcopy.copy_text(block) == (
        b'tt9000001\t1\tnm9000001\tactor\t\\N\t["The \\\\"Boss\\\\"","Narrator"]\n'
        b"tt9000010\tmovie\tEnds With\\\\\t\\N\t\\N\t\\N\n"
    )


# --- The same results on both paths ----------------------------------------------------------


@postgres_only
def test_the_fixture_files_give_the_same_catalogue_and_reports(tmp_path: Path):
    chunked, whole = both_paths(gzipped(tmp_path / "imdb"))
    assert whole == chunked
    films = {row[0]: row for row in whole[0]["films"]}
    assert set(films) == {"tt0000009", "tt0113277", "tt9000001", "tt9000003"}
    cast = [
        row for row in whole[0]["credits"] if row[:3] == ("tt0113277", row[1], "acting")
    ]
    assert [(row[1], row[5]) for row in sorted(cast, key=lambda row: row[5])][:2] == [
        ("nm0000199", 0),
        ("nm0000134", 1),
    ]


@postgres_only
def test_backslashes_and_bad_bytes_are_read_as_the_python_path_reads_them(
    tmp_path: Path,
):
    directory = gzipped(tmp_path / "imdb", HARD_ROWS)
    chunked, whole = both_paths(directory)
    assert whole == chunked
    films = {row[0]: row for row in whole[0]["films"]}
    assert films["tt9000010"][1:3] == ("A Back\\slash Title", "Ends With\\")
    assert "tt9000011" not in films
    basics = whole[1]["title.basics"]
    assert basics[3]["not valid UTF-8"] == 1
    parts = {row[1]: row[4] for row in whole[0]["credits"] if row[0] == "tt9000010"}
    assert parts == {"nm0000199": 'A "Quoted" Part / C:\\Path', "nm0000134": "Plain"}
    assert ("tt9000010", "Back\\slash aka", "US", "", "imdbDisplay", "imdb") in whole[
        0
    ]["akas"]


@postgres_only
def test_every_type_and_adult_titles_give_the_same_results(tmp_path: Path):
    from cinematheque.ingest.imdb import TitleFilter

    chunked, whole = both_paths(
        gzipped(tmp_path / "imdb"),
        title_filter=TitleFilter(types=None, include_adult=True),
    )
    assert whole == chunked
    assert len(whole[0]["films"]) == 9  # 13 rows, 4 malformed


@postgres_only
def test_indexes_and_constraints_are_rebuilt_around_a_large_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def definitions() -> set[tuple[str, str]]:
        tables = [
            bulk_upsert.T_FILM,
            bulk_upsert.T_CREDIT,
            bulk_upsert.T_PERSON,
            bulk_upsert.T_PERSON_ID,
            bulk_upsert.T_TITLE,
        ]
        indexes = bulk_upsert.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [tables],
        )
        constraints = bulk_upsert.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        return set(indexes) | set(constraints)

    before = definitions()
    directory = gzipped(tmp_path / "imdb")
    imdb_import(directory=directory, chunk_rows=3)
    expected = snapshot()
    forget_everything()
    monkeypatch.setattr(bulk_upsert, "BULK_INDEX_ROWS", 1)
    imdb_import(directory=directory)
    assert snapshot() == expected
    assert definitions() == before


@postgres_only
def test_an_interrupted_file_is_done_again_by_resume(tmp_path: Path):
    directory = gzipped(tmp_path / "imdb")
    calls: list[int] = []

    def stop_in_the_third_file(rows: int) -> None:
        calls.append(rows)
        if len(calls) == 3:  # one block per fixture file: title.principals
            raise Interrupted

    with pytest.raises(Interrupted):
        imdb_import(directory=directory, on_rows=stop_in_the_third_file)
    run = ImportRun.objects.get()
    assert run.checkpoints == {
        "title.basics": {"rows": 13, "done": True},
        "name.basics": {"rows": 12, "done": True},
    }
    assert Film.objects.count() == 4
    assert not Credit.objects.exists()  # the principals' file left nothing

    report = imdb_import(directory=directory, resume=True)
    assert report.files["title.basics"].rows_read == 0
    assert report.files["title.principals"].rows_read == 16
    run.refresh_from_db()
    assert run.finished_at is not None
    assert Credit.objects.filter(film__imdb_id="tt0113277").count() == 8
    assert imdb_import(directory=directory).upserted.writes == 0


def _credit_constraints() -> tuple[set[str], set[str]]:
    """The credit table's foreign keys and its other indexes, by name."""
    foreign = bulk_upsert.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype = 'f'",
        [bulk_upsert.T_CREDIT],
    )
    indexes = bulk_upsert.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = %s",
        [bulk_upsert.T_CREDIT],
    )
    return {name for (name,) in foreign}, {name for (name,) in indexes}


@postgres_only
def test_a_table_larger_than_the_load_keeps_its_indexes_and_rechecks_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    imdb_import(directory=gzipped(tmp_path / "imdb"))
    held = Credit.objects.count()
    monkeypatch.setattr(bulk_upsert, "BULK_INDEX_ROWS", 1)
    monkeypatch.setattr(bulk_upsert, "INDEX_REBUILD", 1)
    monkeypatch.setattr(bulk_upsert, "FOREIGN_KEY_RECHECK", 10)
    foreign, indexes = _credit_constraints()
    assert foreign

    with bulk_upsert.indexes_deferred([bulk_upsert.T_CREDIT], incoming=held // 2):
        assert _credit_constraints() == (foreign, indexes)  # the site may read it
    with bulk_upsert.indexes_deferred(
        [bulk_upsert.T_CREDIT], incoming=held // 2, fresh=True
    ):
        assert _credit_constraints() == (set(), indexes)
    assert _credit_constraints() == (foreign, indexes)

    credit = Credit.objects.first()
    assert credit is not None
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        bulk_upsert.indexes_deferred(
            [bulk_upsert.T_CREDIT], incoming=held // 2, fresh=True
        ),
    ):
        bulk_upsert.execute(
            f"UPDATE {bulk_upsert.T_CREDIT} SET person_id = %s WHERE id = %s",  # noqa: S608 (our table)
            [
                Person.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000,
                credit.pk,
            ],
        )
    assert _credit_constraints() == (foreign, indexes)


# --- Rows of titles the import leaves out ----------------------------------------------------

# A malformed principal of a title left out (a short) and one of a film imported;
# a name listed twice (its first row counts).
MALFORMED_PRINCIPALS = {
    "title.principals": [
        b"tt0000001\ty\tnm0000199\tactor\t\\N\t[not json",
        b"tt0113277\t9\tnm0000199\tactor\t\\N\t[not json",
    ],
    "name.basics": [b"nm0000199\tAnother Name\t1950\t\\N\tactor\t\\N"],
}


@postgres_only
def test_a_malformed_row_is_reported_only_when_its_title_is_imported(tmp_path: Path):
    plain = imdb_import(directory=gzipped(tmp_path / "plain")).files
    forget_everything()
    directory = gzipped(tmp_path / "imdb", MALFORMED_PRINCIPALS)
    principals = imdb_import(directory=directory).files["title.principals"]
    unknown = "title not imported (another type, adult or unknown)"
    before = plain["title.principals"]
    assert principals.rows_read == before.rows_read + 2
    assert principals.left_out[unknown] == before.left_out[unknown] + 1
    assert dict(principals.malformed) == {
        **before.malformed,
        "characters are not a JSON list": 1,
    }
    assert (19, "characters are not a JSON list") in [
        (line, reason) for line, reason, _raw in principals.examples
    ]
    assert (18, "title not imported", "tt0000001") in principals.examples
    assert Person.objects.get(imdb_id="nm0000199").name == "Al Pacino"
    assert imdb_import(directory=directory).upserted.writes == 0


@postgres_only
def test_a_genre_imdb_no_longer_lists_is_removed(tmp_path: Path):
    imdb_import(directory=gzipped(tmp_path / "first"))
    heat = Film.objects.get(imdb_id="tt0113277")
    assert set(heat.genres.values_list("name", flat=True)) >= {"Action", "Drama"}
    second = tmp_path / "second"
    second.mkdir()
    basics = (FIXTURES / "title.basics.tsv").read_bytes()
    basics = basics.replace(b"170\tAction,Crime,Drama", b"170\tDrama")
    with gzip.open(second / "title.basics.tsv.gz", "wb") as gz:
        gz.write(basics)
    report = imdb_import(directory=second)
    assert report.upserted.facets_deleted
    assert set(heat.genres.values_list("name", flat=True)) == {"Drama"}

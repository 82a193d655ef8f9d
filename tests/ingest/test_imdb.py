"""The IMDb datasets importer, on real dataset rows plus added malformed ones
(tests/fixtures/imdb_datasets, see its README)."""

from __future__ import annotations

import datetime
import gzip
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import (
    AlternativeTitle,
    FieldProvenance,
    Film,
    FilmExternalId,
    ReviewScore,
    Source,
)
from cinematheque.editorial import services as editorial_services
from cinematheque.editorial.models import Conflict
from cinematheque.ingest import records as r
from cinematheque.ingest.imdb import Interrupted, TitleFilter, files, imdb_import
from cinematheque.ingest.models import ImportRun
from cinematheque.ingest.services import touched_refresh
from cinematheque.ingest.upsert import upsert_stream
from cinematheque.people.models import Credit, Person
from cinematheque.search.engine import search
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imdb_datasets"
WHEN = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    """The fixture files, gzipped as IMDb publishes them."""
    directory = tmp_path / "imdb"
    directory.mkdir()
    for path in FIXTURES.glob("*.tsv"):
        with (
            path.open("rb") as raw,
            gzip.open(directory / f"{path.name}.gz", "wb") as gz,
        ):
            shutil.copyfileobj(raw, gz)
    return directory


def run_command(directory: Path, *args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_imdb",
        f"--dir={directory}",
        "--skip-recommendations",
        *args,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue(), stderr.getvalue()


def heat() -> Film:
    return Film.objects.get(
        external_ids__namespace="imdb", external_ids__value="tt0113277"
    )


def wikidata_source() -> Source:
    return Source.objects.get_or_create(
        key=provenance.BUNDLED,
        defaults={"name": "Wikidata", "licence": "CC0", "attribution": "Wikidata"},
    )[0]


def bundled_heat(**changes: Any) -> r.FilmRecord:
    """Heat as the bundled table gives it: a Wikidata id, the IMDb id, a cast in no
    particular order and people without ids."""
    values: dict[str, Any] = {
        "ids": (r.ExternalId.wikidata("Q42198"), r.ExternalId.imdb("tt0113277")),
        "title": "Heat",
        "year": 1995,
        "runtime": 170,
        "genres": ("Crime",),
        "credits": (
            r.CreditRecord(r.PersonRecord(ids=(), name="Al Pacino"), "acting", "Actor"),
            r.CreditRecord(
                r.PersonRecord(ids=(), name="Amy Brenneman"), "acting", "Actor"
            ),
            r.CreditRecord(
                r.PersonRecord(ids=(), name="Michael Mann"), "directing", "Director"
            ),
        ),
        "review_scores": (r.ReviewScore("imdb", 8.2, 10, review_count=400_000),),
    }
    return r.FilmRecord(**{**values, **changes})


# --- Reading the files ------------------------------------------------------------------


def test_quotes_nulls_and_gzip_are_read_as_imdb_writes_them(datasets: Path):
    report = files.FileReport(name="title.basics")
    rows = {
        row[0]: row
        for _, row in files.read_rows(
            datasets / "title.basics.tsv.gz", "title.basics", report
        )
    }
    assert rows["tt9000001"][2] == 'The "Quoted" Film'
    assert rows["tt0000010"][3] == "La sortie de l'usine Lumière à Lyon"
    assert rows["tt0113277"][6] == files.NULL
    assert report.malformed == {"6 columns instead of 9": 1}
    assert report.examples[0][0] == 11  # the line number in the file


def test_characters_are_read_from_imdbs_json_lists():
    assert files.characters_text('["Lt. Vincent Hanna"]') == "Lt. Vincent Hanna"
    assert files.characters_text('["The \\"Boss\\"","Narrator"]') == (
        'The "Boss" / Narrator'
    )
    assert files.characters_text("\\N") == ""
    with pytest.raises(files.Malformed):
        files.characters_text('["unclosed')


def test_a_file_that_is_not_the_dataset_is_refused(tmp_path: Path):
    (tmp_path / "title.basics.tsv").write_text("id\tname\n1\tHeat\n", encoding="utf-8")
    with pytest.raises(files.WrongHeader):
        imdb_import(directory=tmp_path)


# --- Films --------------------------------------------------------------------------------


def test_only_films_and_tv_films_are_imported_and_adult_titles_are_left_out(
    datasets: Path,
):
    report = imdb_import(directory=datasets)
    titles = set(Film.objects.values_list("title", flat=True))
    assert titles == {"Miss Jerry", "Heat", 'The "Quoted" Film', "A Television Film"}
    basics = report.files["title.basics"]
    assert basics.left_out["adult"] == 1
    assert basics.left_out["type short"] == 3
    assert basics.left_out["type tvEpisode"] == 1


def test_every_type_and_adult_titles_when_asked(datasets: Path):
    imdb_import(
        directory=datasets, title_filter=TitleFilter(types=None, include_adult=True)
    )
    titles = set(Film.objects.values_list("title", flat=True))
    assert {"Carmencita", "An Episode", "An Adult Film"} <= titles


def test_a_film_gets_its_values_with_imdbs_provenance_and_genres(datasets: Path):
    imdb_import(directory=datasets)
    film = heat()
    assert (film.title, film.year, film.runtime, film.imdb_id) == (
        "Heat",
        1995,
        170,
        "tt0113277",
    )
    assert film.slug == "heat-1995"
    assert film.source.key == "imdb"
    values = dict(
        FieldProvenance.objects.filter(film=film).values_list("field", "value")
    )
    assert values == {
        "title": "Heat",
        "original_title": "Heat",
        "year": 1995,
        "runtime": 170,
    }
    assert set(film.genres.values_list("name", flat=True)) == {
        "Action",
        "Crime",
        "Drama",
    }
    quoted = Film.objects.get(title='The "Quoted" Film')
    assert set(quoted.genres.values_list("name", flat=True)) == {
        "Drama",
        "Science Fiction",
    }


def test_a_film_known_by_its_imdb_id_is_the_same_film(datasets: Path):
    upsert_stream([bundled_heat()], source=wikidata_source(), retrieved_at=WHEN)
    before = heat().pk
    imdb_import(directory=datasets)
    assert heat().pk == before
    assert Film.objects.filter(title="Heat").count() == 1
    assert FilmExternalId.objects.filter(film_id=before, namespace="imdb").count() == 1


# --- People and billing --------------------------------------------------------------------


def test_the_cast_follows_imdbs_billing_and_is_not_estimated(datasets: Path):
    imdb_import(directory=datasets)
    cast = list(
        Credit.objects.filter(film=heat(), department="acting")
        .order_by("order")
        .values_list("person__name", "character", "order", "order_is_estimated")
    )
    assert cast == [
        ("Al Pacino", "Lt. Vincent Hanna", 0, False),
        ("Robert De Niro", "Neil McCauley", 1, False),
        ("Val Kilmer", "Chris Shiherlis", 2, False),
        ("Jon Voight", "Nate", 3, False),
        ("Natalie Portman", "Lauren Gustafson", 4, False),
        ("Ashley Judd", "Charlene Shiherlis", 5, False),
    ]
    crew = set(
        Credit.objects.filter(film=heat())
        .exclude(department="acting")
        .values_list("person__name", "department", "job")
    )
    assert crew == {
        ("Michael Mann", "directing", "Director"),
        ("Michael Mann", "writing", "Writer"),
    }


def test_imdb_billing_takes_over_an_estimated_cast_and_adopts_its_people(
    datasets: Path,
):
    upsert_stream([bundled_heat()], source=wikidata_source(), retrieved_at=WHEN)
    bundled_pacino = Person.objects.get(name="Al Pacino")
    Credit.objects.filter(film=heat(), department="acting").update(
        order_is_estimated=True
    )
    imdb_import(directory=datasets)
    assert Person.objects.filter(name="Al Pacino").count() == 1
    pacino = Person.objects.get(name="Al Pacino")
    assert pacino.pk == bundled_pacino.pk
    assert pacino.imdb_id == "nm0000199"
    assert pacino.birth_year == 1940  # filled from name.basics on adoption
    cast = list(
        Credit.objects.filter(film=heat(), department="acting")
        .order_by("order")
        .values_list("person__name", "order_is_estimated")
    )
    assert cast[0] == ("Al Pacino", False)
    # The bundled table's other actor comes after IMDb's six, still estimated.
    assert cast[-1] == ("Amy Brenneman", True)
    assert len(cast) == 7


def test_people_are_told_apart_by_their_nm_ids(datasets: Path):
    imdb_import(directory=datasets)
    smiths = Person.objects.filter(name="John Smith").order_by("imdb_id")
    assert [(p.imdb_id, p.birth_year) for p in smiths] == [
        ("nm9000001", 1950),
        ("nm9000002", 1972),
    ]
    # A namesake's page is told apart by the IMDb id, the same on every run.
    assert [p.slug for p in smiths] == ["john-smith", "john-smith-nm9000002"]
    kilmer = Person.objects.get(imdb_id="nm0000174")
    assert (kilmer.birth_year, kilmer.death_year) == (1959, 2025)


def test_the_person_page_shows_birth_and_death_years(datasets: Path, client):
    imdb_import(directory=datasets)
    kilmer = Person.objects.get(imdb_id="nm0000174")
    page = client.get(kilmer.get_absolute_url()).content.decode()
    assert "1959\u20132025" in page


# --- Ratings and alternative titles ----------------------------------------------------------


def test_the_imdb_rating_is_a_review_score_credited_to_imdb(datasets: Path):
    imdb_import(directory=datasets)
    score = ReviewScore.objects.get(film=heat(), kind="imdb")
    assert (score.value, score.scale, score.review_count, score.source.key) == (
        8.3,
        10,
        780_000,
        "imdb",
    )


def test_imdb_takes_over_the_copy_of_its_rating_from_a_later_source(datasets: Path):
    upsert_stream([bundled_heat()], source=wikidata_source(), retrieved_at=WHEN)
    imdb_import(directory=datasets)
    score = ReviewScore.objects.get(film=heat(), kind="imdb")
    assert (score.value, score.source.key) == (8.3, "imdb")


def test_akas_become_alternative_titles_that_search_finds(datasets: Path):
    report = imdb_import(directory=datasets)
    titles = {
        t.title: (t.country, t.language, t.kind)
        for t in AlternativeTitle.objects.filter(film=heat())
    }
    assert titles["Fogo Contra Fogo"] == ("BR", "", "imdbDisplay")
    assert titles["ヒート"] == ("JP", "ja", "imdbDisplay")
    assert titles["Heat"] == ("US", "", "imdbDisplay")  # the first of the two "Heat"
    touched_refresh(
        films=report.upserted.touched_films,
        people=report.upserted.touched_people,
        recommendations=False,
    )
    assert [hit.slug for hit in search("fogo contra fogo").hits][:1] == ["heat-1995"]


# --- Provenance, preference and conflicts ------------------------------------------------------


def test_an_admin_edit_survives_the_import(datasets: Path):
    imdb_import(directory=datasets)
    film = heat()
    film.title = "Heat (director's cut)"
    film.save()
    provenance.film_fields_edited(film=film, fields=["title"])
    imdb_import(directory=datasets)
    film.refresh_from_db()
    assert film.title == "Heat (director's cut)"


def test_a_preferred_source_keeps_showing_its_value(datasets: Path):
    tmdb = Source.objects.create(key="tmdb", name="TMDB", licence="t", attribution="t")
    upsert_stream(
        [
            r.FilmRecord(
                ids=(r.ExternalId.imdb("tt0113277"),), title="Heat", runtime=171
            )
        ],
        source=tmdb,
        retrieved_at=WHEN,
    )
    imdb_import(directory=datasets)
    film = heat()
    assert film.runtime == 171  # TMDB before IMDb
    assert (
        FieldProvenance.objects.get(
            film=film, field="runtime", source__key="imdb"
        ).value
        == 170
    )


def test_a_year_disagreement_raises_exactly_one_conflict_and_the_decision_sticks(
    datasets: Path,
):
    upsert_stream(
        [bundled_heat(year=1996)], source=wikidata_source(), retrieved_at=WHEN
    )
    imdb_import(directory=datasets)
    imdb_import(directory=datasets)
    conflict = Conflict.objects.get()
    assert conflict.field == "year"
    assert sorted(conflict.options.values_list("value", flat=True)) == ["1995", "1996"]
    editorial_services.conflict_resolve(
        conflict=conflict,
        chosen=conflict.options.get(source__key=provenance.BUNDLED),
        note="The festival premiere was in 1996.",
        author=factories.make_user(role="chief"),
    )
    imdb_import(directory=datasets)
    assert heat().year == 1996
    assert Conflict.objects.count() == 1
    assert Conflict.objects.get().status == Conflict.Status.RESOLVED


# --- Runs ------------------------------------------------------------------------------------


def test_a_second_run_changes_nothing(datasets: Path):
    first = imdb_import(directory=datasets)
    assert first.upserted.writes > 0
    second = imdb_import(directory=datasets)
    assert second.upserted.writes == 0
    assert not second.upserted.touched_films


def test_an_interrupted_run_resumes_where_it_stopped(datasets: Path):
    calls = []

    def stop_after_the_second_chunk(rows: int) -> None:
        calls.append(rows)
        if len(calls) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        imdb_import(
            directory=datasets, chunk_rows=1, on_rows=stop_after_the_second_chunk
        )
    run = ImportRun.objects.get()
    assert run.finished_at is None
    assert run.checkpoints["title.basics"] == {"rows": 5, "done": False}
    assert set(Film.objects.values_list("title", flat=True)) == {"Miss Jerry", "Heat"}

    report = imdb_import(directory=datasets, chunk_rows=1, resume=True)
    run.refresh_from_db()
    assert run.finished_at is not None
    assert report.files["title.basics"].rows_read == 8  # 13 data rows, 5 done
    assert Film.objects.count() == 4
    assert Credit.objects.filter(film=heat()).count() == 8
    again = imdb_import(directory=datasets)
    assert again.upserted.writes == 0


def test_malformed_rows_are_reported_with_their_lines_and_skipped(datasets: Path):
    stdout, stderr = run_command(datasets)
    assert "title.basics line 11: 6 columns instead of 9; skipped." in stderr
    assert "title.basics line 12: bad startYear; skipped." in stderr
    assert "title.basics line 13: implausible runtimeMinutes" not in stderr
    assert "title.basics line 13: bad runtimeMinutes; skipped." in stderr
    assert "title.basics line 14: bad title id; skipped." in stderr
    assert "name.basics line 13: bad birthYear; skipped." in stderr
    assert "title.principals line 16: bad ordering; skipped." in stderr
    assert "title.principals line 15: person not in name.basics; skipped." in stderr
    assert "title.ratings line 4: bad averageRating; skipped." in stderr
    assert "title.ratings line 6: title not imported; skipped. tt9999999" in stderr
    assert "title.akas line 10: no title; skipped." in stderr
    assert "IMDb import complete." in stdout
    assert Film.objects.count() == 4


def test_missing_files_are_named_and_the_others_imported(tmp_path: Path):
    shutil.copy(FIXTURES / "title.basics.tsv", tmp_path / "title.basics.tsv")
    stdout, stderr = run_command(tmp_path)
    assert "Missing: title.akas (.tsv.gz or .tsv)" in stderr
    assert "title.akas: missing" in stdout
    assert Film.objects.count() == 4


def test_the_film_page_no_longer_says_the_cast_order_is_estimated(
    datasets: Path, client
):
    upsert_stream([bundled_heat()], source=wikidata_source(), retrieved_at=WHEN)
    Credit.objects.filter(film=heat()).update(order_is_estimated=True)
    imdb_import(directory=datasets)
    page = client.get(heat().get_absolute_url()).content.decode()
    assert "estimated from the actors" not in page
    assert page.index("Al Pacino") < page.index("Robert De Niro")

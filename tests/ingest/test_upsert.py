"""The shared upsert: identity by external id, provenance and preference, idempotency,
what a source owns, and the films it reports as touched."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings

from cinematheque.catalogue.models import (
    FieldProvenance,
    Film,
    FilmExternalId,
    ReviewScore,
    Source,
)
from cinematheque.ingest import records as r
from cinematheque.ingest.upsert import Rejected, UpsertReport, upsert_stream
from cinematheque.people.models import Credit, Person, PersonExternalId
from tests import factories

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
HEAT_IMDB = r.ExternalId.imdb("tt0113277")
HEAT_TMDB = r.ExternalId.tmdb(949)
HEAT_WIKIDATA = r.ExternalId.wikidata("Q42198")
MANN = r.PersonRecord(
    ids=(r.ExternalId.imdb("nm0000520"), r.ExternalId.tmdb(638)), name="Michael Mann"
)
PACINO = r.PersonRecord(
    ids=(r.ExternalId.imdb("nm0000199"), r.ExternalId.tmdb(1158)), name="Al Pacino"
)
DE_NIRO = r.PersonRecord(
    ids=(r.ExternalId.imdb("nm0000134"), r.ExternalId.tmdb(380)),
    name="Robert De Niro",
)


def source(key: str) -> Source:
    return Source.objects.get_or_create(
        key=key,
        defaults={"name": key.upper(), "licence": "test", "attribution": key},
    )[0]


def tmdb_heat(**changes: Any) -> r.FilmRecord:
    values: dict[str, Any] = {
        "ids": (HEAT_TMDB, HEAT_IMDB),
        "title": "Heat",
        "original_title": "Heat",
        "year": 1995,
        "runtime": 170,
        "overview": "A group of high-end professional thieves…",
        "tagline": "A Los Angeles crime saga",
        "budget": r.Money(60_000_000, "USD"),
        "box_office": r.Money(187_436_818, "USD"),
        "original_language": "en",
        "release_dates": (
            r.ReleaseDate(datetime.date(1995, 12, 6), "US", kind="premiere"),
            r.ReleaseDate(datetime.date(1995, 12, 15), "US"),
        ),
        "certifications": (r.Certification("DE", "16"), r.Certification("US", "R")),
        "genres": ("Crime", "Drama", "Action"),
        "keywords": ("heist", "los angeles"),
        "credits": (
            r.CreditRecord(MANN, "directing", "Director", order=0),
            r.CreditRecord(PACINO, "acting", "Actor", "Lt. Vincent Hanna", 0),
            r.CreditRecord(DE_NIRO, "acting", "Actor", "Neil McCauley", 1),
        ),
        "videos": (r.Video("trailer", "youtube", "2GfZl4kuVNI", "Heat trailer"),),
        "alternative_titles": (r.AlternativeTitle("Fièvre", country="FR"),),
        "review_scores": (r.ReviewScore("imdb", 8.3, 10, review_count=700_000),),
    }
    return r.FilmRecord(**{**values, **changes})


def run(*items: r.FilmRecord | Rejected, key: str = "tmdb") -> UpsertReport:
    return upsert_stream(items, source=source(key), retrieved_at=WHEN)


def test_a_new_film_gets_every_value_with_its_provenance():
    report = run(tmdb_heat())
    heat = Film.objects.get()
    assert (heat.title, heat.year, heat.runtime, heat.slug) == (
        "Heat",
        1995,
        170,
        "heat-1995",
    )
    assert (heat.budget, heat.budget_currency) == (60_000_000, "USD")
    assert heat.box_office == 187_436_818
    # The earliest theatrical release, and the US certification.
    assert heat.release_date == datetime.date(1995, 12, 15)
    assert (heat.certification, heat.certification_country) == ("R", "US")
    assert (heat.tagline, heat.original_language) == ("A Los Angeles crime saga", "en")
    assert (heat.tmdb_id, heat.imdb_id) == (949, "tt0113277")
    assert set(heat.external_ids.values_list("namespace", "value")) == {
        ("tmdb", "949"),
        ("imdb", "tt0113277"),
    }
    budget = FieldProvenance.objects.get(film=heat, field="budget")
    assert (budget.source.key, budget.value, budget.retrieved_at) == (
        "tmdb",
        [60_000_000, "USD"],
        WHEN,
    )
    billing = list(
        heat.credits.cast().order_by("order").values_list("person__name", "order")
    )
    assert billing == [("Al Pacino", 0), ("Robert De Niro", 1)]
    assert not heat.credits.filter(order_is_estimated=True).exists()
    assert heat.videos.get().key == "2GfZl4kuVNI"
    assert heat.alternative_titles.get().title == "Fièvre"
    assert heat.review_scores.get().value == 8.3
    assert set(heat.keywords.values_list("name", flat=True)) == {"heist", "los angeles"}
    assert list(heat.releases.values_list("country", "kind", "date")) == [
        ("US", "premiere", datetime.date(1995, 12, 6)),
        ("US", "theatrical", datetime.date(1995, 12, 15)),
    ]
    assert dict(heat.certifications.values_list("country", "rating")) == {
        "DE": "16",
        "US": "R",
    }
    assert report.films_created == 1
    assert report.touched_films == {heat.pk}


def test_a_second_run_with_the_same_records_writes_nothing():
    first = run(tmdb_heat())
    assert first.writes > 0
    again = run(tmdb_heat())
    assert again.writes == 0
    assert again.touched_films == set()
    assert again.films_unchanged == 1
    assert Film.objects.count() == 1
    assert Person.objects.count() == 3


def test_films_are_matched_by_external_id_never_by_title():
    run(tmdb_heat())
    namesake = tmdb_heat(ids=(r.ExternalId.tmdb(9999),), year=1995, credits=())
    run(namesake)
    assert Film.objects.filter(title="Heat").count() == 2
    assert set(Film.objects.values_list("slug", flat=True)) == {
        "heat-1995",
        "heat-1995-2",
    }
    # Another source that knows Heat by its IMDb id finds the same film.
    run(r.FilmRecord(ids=(HEAT_IMDB,), title="Heat"), key="imdb")
    assert Film.objects.count() == 2
    assert (
        FieldProvenance.objects.filter(source__key="imdb", field="title").count() == 1
    )


def test_two_people_with_one_name_stay_two_people():
    one = r.PersonRecord(ids=(r.ExternalId.imdb("nm0000001"),), name="John Smith")
    two = r.PersonRecord(ids=(r.ExternalId.imdb("nm0000002"),), name="John Smith")
    run(
        r.FilmRecord(
            ids=(r.ExternalId.tmdb(1),),
            title="First",
            credits=(r.CreditRecord(one, "acting", "Actor"),),
        ),
        r.FilmRecord(
            ids=(r.ExternalId.tmdb(2),),
            title="Second",
            credits=(r.CreditRecord(two, "acting", "Actor"),),
        ),
    )
    assert Person.objects.filter(name="John Smith").count() == 2
    assert set(PersonExternalId.objects.values_list("value", flat=True)) == {
        "nm0000001",
        "nm0000002",
    }


def test_a_named_person_of_the_bundled_table_is_adopted_on_the_same_film():
    bundled = r.FilmRecord(
        ids=(HEAT_WIKIDATA, HEAT_IMDB),
        title="Heat",
        year=1995,
        credits=(
            r.CreditRecord(r.PersonRecord(ids=(), name="Al Pacino"), "acting", "Actor"),
        ),
    )
    run(bundled, key="wikidata")
    pacino = Person.objects.get()
    run(tmdb_heat())
    pacino.refresh_from_db()
    assert Person.objects.filter(name="Al Pacino").count() == 1
    assert (pacino.imdb_id, pacino.tmdb_id) == ("nm0000199", 1158)
    credit = Credit.objects.get(person=pacino)
    # TMDB's billing is preferred to the bundled table's estimate.
    assert (credit.order, credit.order_is_estimated, credit.character) == (
        0,
        False,
        "Lt. Vincent Hanna",
    )


def test_the_preferred_source_is_shown_and_the_others_are_kept():
    run(r.FilmRecord(ids=(HEAT_IMDB,), title="Heat", runtime=169), key="imdb")
    run(tmdb_heat(runtime=170))
    heat = Film.objects.get()
    assert heat.runtime == 170  # TMDB before IMDb by default
    kept = dict(
        FieldProvenance.objects.filter(film=heat, field="runtime").values_list(
            "source__key", "value"
        )
    )
    assert kept == {"imdb": 169, "tmdb": 170}
    with override_settings(SOURCE_PREFERENCE="runtime=imdb,tmdb"):
        report = run(
            r.FilmRecord(ids=(HEAT_IMDB,), title="Heat", runtime=169), key="imdb"
        )
    heat.refresh_from_db()
    assert heat.runtime == 169
    assert report.touched_films == {heat.pk}


def test_a_source_without_a_value_erases_nothing():
    run(tmdb_heat())
    run(
        r.FilmRecord(ids=(HEAT_IMDB,), title="Heat", runtime=None, budget=None),
        key="imdb",
    )
    run(tmdb_heat(budget=None, tagline=None, videos=None, credits=None))
    heat = Film.objects.get()
    assert (heat.runtime, heat.budget, heat.tagline) == (
        170,
        60_000_000,
        "A Los Angeles crime saga",
    )
    assert heat.videos.count() == 1
    assert heat.credits.count() == 3


def test_a_source_replaces_only_its_own_rows():
    editors = source("editors")
    run(tmdb_heat())
    heat = Film.objects.get()
    ReviewScore.objects.create(
        film=heat, kind="metacritic", value=76, scale=100, source=editors
    )
    # TMDB no longer lists the trailer, the IMDb score or De Niro.
    run(
        tmdb_heat(
            videos=(),
            review_scores=(),
            credits=(
                r.CreditRecord(PACINO, "acting", "Actor", "Lt. Vincent Hanna", 0),
            ),
        )
    )
    assert heat.videos.count() == 0
    assert list(heat.review_scores.values_list("kind", flat=True)) == ["metacritic"]
    assert list(heat.credits.values_list("person__name", flat=True)) == ["Al Pacino"]
    assert Person.objects.filter(name="Robert De Niro").exists()


def test_rejected_items_and_bad_records_are_reported_while_the_others_land():
    report = run(
        Rejected("row 7", "runtime 'two hours' is not a number"),
        r.FilmRecord(ids=(r.ExternalId.tmdb(5),)),  # new, but no title
        tmdb_heat(),
    )
    assert report.rejected == [
        ("row 7", "runtime 'two hours' is not a number"),
        ("tmdb:5", "a new film needs a title"),
    ]
    assert Film.objects.count() == 1


def test_a_film_given_twice_in_one_batch_is_written_once():
    report = run(tmdb_heat(), tmdb_heat(runtime=171))
    assert Film.objects.count() == 1
    assert report.rejected == [
        ("tmdb:949 imdb:tt0113277", "the same film appears twice in one batch")
    ]


def test_ids_given_to_a_film_made_before_the_id_table_are_found_by_its_columns():
    heat = factories.make_film(title="Heat", year=1995, wikidata_id="Q42198")
    FilmExternalId.objects.all().delete()
    run(r.FilmRecord(ids=(HEAT_WIKIDATA, HEAT_TMDB), title="Heat"))
    assert Film.objects.get() == heat
    assert set(heat.external_ids.values_list("namespace", flat=True)) == {
        "wikidata",
        "tmdb",
    }


def test_people_get_the_years_a_source_knows_without_losing_what_they_had():
    run(tmdb_heat())
    pacino = Person.objects.get(name="Al Pacino")
    imdb_pacino = r.PersonRecord(
        ids=(r.ExternalId.imdb("nm0000199"),), name="Alfredo Pacino", birth_year=1940
    )
    report = run(
        r.FilmRecord(
            ids=(HEAT_IMDB,),
            credits=(r.CreditRecord(imdb_pacino, "acting", "Actor", order=0),),
        ),
        key="imdb",
    )
    pacino.refresh_from_db()
    # The year fills an empty column; the name TMDB gave stays (TMDB made the person).
    assert (pacino.name, pacino.birth_year, pacino.death_year) == (
        "Al Pacino",
        1940,
        None,
    )
    assert pacino.pk in report.touched_people


def test_imdb_principals_decide_the_billing_whichever_source_comes_first():
    imdb_cast = r.FilmRecord(
        ids=(HEAT_IMDB,),
        credits=(
            r.CreditRecord(DE_NIRO, "acting", "Actor", order=0),
            r.CreditRecord(PACINO, "acting", "Actor", order=1),
        ),
    )
    run(tmdb_heat())
    run(imdb_cast, key="imdb")
    run(tmdb_heat())  # TMDB again: its order does not take the billing back
    heat = Film.objects.get()
    billing = list(
        heat.credits.cast().order_by("order").values_list("person__name", "source__key")
    )
    assert billing == [("Robert De Niro", "imdb"), ("Al Pacino", "imdb")]
    # TMDB's characters stay: IMDb gave none.
    assert heat.credits.get(person__name="Al Pacino").character == "Lt. Vincent Hanna"


def test_values_from_before_provenance_belong_to_the_films_source():
    """A catalogue imported before provenance was kept: its columns have no rows."""
    bundled, tmdb = source("wikidata"), source("tmdb")
    old = factories.make_film(
        title="Heat", year=1995, runtime=171, wikidata_id="Q42198", source=bundled
    )
    made_by_hand = factories.make_film(
        title="Ronin", year=1998, runtime=122, tmdb_id=8195
    )
    FilmExternalId.objects.all().delete()
    FieldProvenance.objects.all().delete()

    run(r.FilmRecord(ids=(HEAT_WIKIDATA,), title="Heat", runtime=170), key="wikidata")
    run(
        r.FilmRecord(ids=(r.ExternalId.tmdb(8195),), title="Ronin", runtime=121),
        key="tmdb",
    )

    old.refresh_from_db()
    # The bundled table's new value replaces its own old one.
    assert old.runtime == 170
    assert FieldProvenance.objects.filter(film=old, field="runtime").count() == 1
    # A film made by hand is the editors': a source's value does not replace it.
    made_by_hand.refresh_from_db()
    assert made_by_hand.runtime == 122
    kept = dict(
        FieldProvenance.objects.filter(film=made_by_hand, field="runtime").values_list(
            "source__key", "value"
        )
    )
    assert kept == {"editors": 122, "tmdb": 121}
    assert Film.objects.count() == 2
    assert tmdb.films.count() == 0  # it created none

"""TMDB people: /person/{id} mapped, written with provenance per field, fetched by
`cinematheque import tmdb --person` and with each imported film."""

from __future__ import annotations

import datetime
import functools
import io
import json

import pytest
from django.core.management import CommandError, call_command

from cinematheque.catalogue.models import Source
from cinematheque.ingest import tmdb
from cinematheque.people import provenance
from cinematheque.people.models import Person, PersonExternalId, PersonFieldProvenance
from tests import factories
from tests.ingest.tmdb_replay import FIXTURES, NOT_FOUND, ok, too_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmdb_settings(settings, tmdb_replay, fake_time, monkeypatch):
    settings.TMDB_API_URL = tmdb_replay.url
    settings.TMDB_API_KEY = "test-key"
    monkeypatch.setattr(
        tmdb,
        "client_from_settings",
        functools.partial(
            tmdb.client_from_settings, clock=fake_time.clock, sleep=fake_time.sleep
        ),
    )
    tmdb_replay.route("/configuration", ok("configuration.json"))
    return tmdb_replay


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_tmdb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_person_answer_maps_to_a_record_with_every_detail():
    record = tmdb.person_record(fixture("person_287.json"))

    assert record.name == "Brad Pitt"
    assert record.birthday == datetime.date(1963, 12, 18)
    assert record.birth_year == 1963
    assert record.deathday is None
    assert record.place_of_birth == "Shawnee, Oklahoma, USA"
    assert record.biography.startswith("William Bradley 'Brad' Pitt")
    assert "Брэд Питт" in record.also_known_as
    assert record.known_for_department == "Acting"
    assert record.profile_image.path == "/kU3B75TyRiCgE270EyZnHjfivoq.jpg"
    assert [str(i) for i in record.ids] == ["tmdb:287", "imdb:nm0000093"]


def test_cast_entry_without_details_maps_to_no_values():
    record = tmdb.person_record({"id": 819, "name": "Edward Norton"})

    assert record.biography is None
    assert record.also_known_as is None
    assert record.birthday is None


def test_import_person_by_tmdb_id_creates_them_with_details_and_provenance(
    tmdb_settings,
):
    tmdb_settings.route("/person/287", ok("person_287.json"))

    out, _err = run("--person", "287")

    person = Person.objects.get(tmdb_id=287)
    assert person.name == "Brad Pitt"
    assert person.imdb_id == "nm0000093"
    assert person.birthday == datetime.date(1963, 12, 18)
    assert person.place_of_birth == "Shawnee, Oklahoma, USA"
    assert "Buratto Pitto" in person.also_known_as
    assert person.profile_path == "/kU3B75TyRiCgE270EyZnHjfivoq.jpg"
    rows = PersonFieldProvenance.objects.filter(person=person, source__key="tmdb")
    assert set(rows.values_list("field", flat=True)) == {
        "birthday",
        "place_of_birth",
        "biography",
        "profile_path",
        "also_known_as",
        "known_for_department",
    }
    assert "created: 1" in out
    (request,) = [r for r in tmdb_settings.requests if r.path == "/person/287"]
    assert request.query["append_to_response"] == "external_ids,images"


def test_second_import_of_a_person_changes_nothing(tmdb_settings):
    tmdb_settings.route("/person/287", ok("person_287.json"))
    run("--person", "287")

    out, _err = run("--person", "287")

    assert "created: 0; changed: 0; unchanged: 1" in out
    assert Person.objects.filter(name="Brad Pitt").count() == 1


def test_person_of_the_catalogue_by_slug_gets_details_and_keeps_their_name(
    tmdb_settings,
):
    pitt = factories.make_person(name="Brad Pitt", slug="brad-pitt", tmdb_id=287)
    tmdb_settings.route("/person/287", ok("person_287.json"))

    run("--person", "brad-pitt")

    pitt.refresh_from_db()
    assert pitt.biography.startswith("William Bradley")
    assert pitt.slug == "brad-pitt"
    assert PersonExternalId.objects.filter(
        person=pitt, namespace="imdb", value="nm0000093"
    ).exists()


def test_an_admin_edit_is_not_reverted_by_a_re_import(tmdb_settings):
    tmdb_settings.route("/person/287", ok("person_287.json"))
    run("--person", "287")
    person = Person.objects.get(tmdb_id=287)
    person.place_of_birth = "Shawnee, Oklahoma, United States"
    person.save()
    provenance.person_fields_edited(person=person, fields=["place_of_birth"])

    run("--person", "287")

    person.refresh_from_db()
    assert person.place_of_birth == "Shawnee, Oklahoma, United States"
    # TMDB's own value is still kept beside it.
    assert (
        PersonFieldProvenance.objects.get(
            person=person, field="place_of_birth", source__key="tmdb"
        ).value
        == "Shawnee, Oklahoma, USA"
    )


def test_the_operator_can_prefer_tmdb_over_the_editors_for_one_field(
    tmdb_settings, settings
):
    tmdb_settings.route("/person/287", ok("person_287.json"))
    run("--person", "287")
    person = Person.objects.get(tmdb_id=287)
    person.place_of_birth = "Edited"
    person.biography = "Edited"
    person.save()
    provenance.person_fields_edited(
        person=person, fields=["place_of_birth", "biography"]
    )
    settings.SOURCE_PREFERENCE = "person.biography=tmdb,editors"

    run("--person", "287")

    person.refresh_from_db()
    assert person.biography.startswith("William Bradley")
    assert person.place_of_birth == "Edited"


def test_a_source_without_a_value_never_erases_another_sources_value():
    imdb = Source.objects.create(key="imdb", name="IMDb", licence="x", attribution="x")
    tmdb_source = Source.objects.create(
        key="tmdb", name="TMDB", licence="x", attribution="x"
    )
    person = factories.make_person(name="Someone")
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    provenance.person_values_store(
        person=person,
        source=imdb,
        values={"birthday": datetime.date(1940, 4, 25), "biography": "From IMDb."},
        retrieved_at=now,
    )

    changed = provenance.person_values_store(
        person=person,
        source=tmdb_source,
        values={"birthday": None, "biography": None, "place_of_birth": "New York"},
        retrieved_at=now,
    )

    person.refresh_from_db()
    assert changed == ["place_of_birth"]
    assert person.birthday == datetime.date(1940, 4, 25)
    assert person.birth_year == 1940
    assert person.biography == "From IMDb."


def test_a_person_preference_names_a_known_field_only(settings):
    from cinematheque.catalogue.provenance import parse_preference

    assert parse_preference("person.biography=imdb,tmdb") == {
        "person.biography": ("imdb", "tmdb")
    }
    with pytest.raises(ValueError, match="not a film field"):
        parse_preference("person.shoe_size=tmdb")


def test_a_missing_person_is_reported_and_changes_nothing(tmdb_settings):
    person = factories.make_person(name="Kept", slug="kept", tmdb_id=999999999)
    tmdb_settings.route("/person/999999999", NOT_FOUND)

    with pytest.raises(CommandError, match="No person could be fetched"):
        run("--person", "kept")

    person.refresh_from_db()
    assert person.name == "Kept"
    assert not PersonFieldProvenance.objects.exists()


def test_too_many_requests_waits_for_retry_after_then_imports(tmdb_settings, fake_time):
    tmdb_settings.route("/person/287", too_many("3"), ok("person_287.json"))

    run("--person", "287")

    assert 3.0 in fake_time.sleeps
    assert Person.objects.filter(tmdb_id=287, birthday__isnull=False).exists()


@pytest.mark.parametrize("value", ["0", "no-such-person"])
def test_a_bad_person_argument_is_refused(tmdb_settings, value):
    with pytest.raises(CommandError):
        run("--person", value)


def test_a_person_without_tmdb_id_is_refused_with_the_way_out(tmdb_settings):
    factories.make_person(name="Local", slug="local")

    with pytest.raises(CommandError, match="--person 287"):
        run("--person", "local")


def test_an_imdb_id_held_by_another_person_is_refused_and_both_stay(tmdb_settings):
    # The captured Joaquin Phoenix answer carries Brad Pitt's IMDb id (nm0000093).
    tmdb_settings.route("/person/287", ok("person_287.json"))
    tmdb_settings.route("/person/73421", ok("person_73421_images.json"))

    _out, err = run("--person", "287", "--person", "73421")

    phoenix = Person.objects.get(tmdb_id=73421)
    assert phoenix.name == "Joaquin Phoenix"
    assert phoenix.imdb_id == ""
    assert Person.objects.get(imdb_id="nm0000093").name == "Brad Pitt"
    assert "imdb:nm0000093 belongs to another person" in err
    assert phoenix.also_known_as == ["Leaf Phoenix", "Joaquin Rafael Bottom"]


def test_a_film_import_fetches_its_director_then_its_billed_cast(
    tmdb_settings, settings
):
    settings.TMDB_PEOPLE_PER_FILM = "2"
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))
    tmdb_settings.route("/person/7467", ok("person_287.json"))
    tmdb_settings.route("/person/819", NOT_FOUND)

    out, err = run("--film", film.slug)

    people_paths = [p for p in tmdb_settings.paths() if p.startswith("/person/")]
    assert people_paths == ["/person/7467", "/person/819"]
    assert "people fetched: 1" in out
    assert "Failed person tmdb:819" in err


def test_no_people_are_fetched_when_the_setting_is_zero(tmdb_settings, settings):
    settings.TMDB_PEOPLE_PER_FILM = "0"
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    run("--film", film.slug)

    assert not [p for p in tmdb_settings.paths() if p.startswith("/person/")]


def test_a_bad_people_per_film_setting_is_a_clear_error(tmdb_settings, settings):
    settings.TMDB_PEOPLE_PER_FILM = "ten"
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    with pytest.raises(CommandError, match="TMDB_PEOPLE_PER_FILM"):
        run("--film", film.slug)


def test_a_death_date_before_the_birth_date_is_dropped():
    data = {**fixture("person_287.json"), "deathday": "1900-01-01"}

    record = tmdb.person_record(data)

    assert record.deathday is None
    assert record.birthday == datetime.date(1963, 12, 18)

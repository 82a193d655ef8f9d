"""Administrators correct a person in the admin; no import reverts what they typed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cinematheque.people.models import PersonFieldProvenance
from cinematheque.people.provenance import person_values_store
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(person, **changes) -> dict:
    data = {
        "name": person.name,
        "slug": person.slug,
        "birthday": "",
        "deathday": "",
        "birth_year": "",
        "death_year": "",
        "place_of_birth": person.place_of_birth,
        "biography": person.biography,
        "also_known_as": "[]",
        "known_for_department": "",
        "profile_path": "",
    }
    data.update(changes)
    return data


def test_an_admin_edit_is_the_editors_value_and_survives_an_import(admin_client):
    tmdb = factories.make_source(key="tmdb", name="TMDB")
    person = factories.make_person(name="Al Pacino", slug="al-pacino")
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    person_values_store(
        person=person,
        source=tmdb,
        values={"biography": "From TMDB."},
        retrieved_at=when,
    )
    person.refresh_from_db()

    response = admin_client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        form_data(person, biography="Written by the editors."),
    )

    assert response.status_code == 302
    edited = PersonFieldProvenance.objects.get(
        person=person, field="biography", source__key="editors"
    )
    assert edited.value == "Written by the editors."
    person_values_store(
        person=person,
        source=tmdb,
        values={"biography": "TMDB again."},
        retrieved_at=when,
    )
    person.refresh_from_db()
    assert person.biography == "Written by the editors."


def test_people_admin_is_for_administrators_only(client, django_user_model):
    person = factories.make_person(name="Al Pacino", slug="al-pacino")
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:people_person_change", args=[person.pk]))

    assert response.status_code == 403

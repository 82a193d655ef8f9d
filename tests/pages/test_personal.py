"""The personal endpoint beside the cached film page: fields per member, never cached,
with a CSRF token that lets the page POST."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cinematheque.pages.personal import (
    register_personal_field,
    unregister_personal_field,
)
from tests import factories

URL = "/personal/films/heat-1995/"


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.fixture
def note_field():
    """A writable field as the members issue will add (a rating, a watchlist…)."""
    notes: dict[tuple[int, int], str] = {}

    def read(request, film):
        if not request.user.is_authenticated:
            return None
        return notes.get((request.user.pk, film.pk), "")

    def write(request, film, value):
        notes[(request.user.pk, film.pk)] = str(value)

    register_personal_field("note", read, write)
    yield notes
    unregister_personal_field("note")


def test_a_visitor_gets_the_fields_and_a_csrf_token(client, heat):
    response = client.get(URL)
    data = response.json()
    assert data["fields"]["member"] == {"signed_in": False, "name": ""}
    assert data["csrf_token"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "X-Cache" not in response


def test_a_member_gets_their_own_fields(client, heat):
    client.force_login(factories.make_user(username="ada", first_name="Ada"))
    data = client.get(URL).json()
    assert data["fields"]["member"] == {"signed_in": True, "name": "Ada"}
    client.logout()
    assert client.get(URL).json()["fields"]["member"]["signed_in"] is False


def test_an_unknown_film_is_a_404(client, db):
    assert client.get("/personal/films/no-such-film/").status_code == 404


def test_a_post_needs_the_csrf_token_from_the_json(heat, note_field):
    member = factories.make_user(username="ada")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    body = json.dumps({"note": "watch again"})
    refused = client.post(URL, body, content_type="application/json")
    assert refused.status_code == 403
    token = client.get(URL).json()["csrf_token"]
    saved = client.post(
        URL, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert saved.status_code == 200
    assert saved.json()["fields"]["note"] == "watch again"
    assert note_field == {(member.pk, heat.pk): "watch again"}


@pytest.mark.parametrize(
    "body", ["not json", json.dumps([1, 2]), json.dumps({"member": "x"})]
)
def test_a_bad_post_is_a_400_with_a_message(client, heat, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_the_film_page_names_its_personal_endpoint(client, heat):
    page = client.get("/films/heat-1995/").content.decode()
    assert f'data-personal-url="{URL}"' in page
    assert "pages/personal.js" in page

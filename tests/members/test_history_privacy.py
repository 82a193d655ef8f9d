"""Every history page and action over {owner, other member, visitor, admin}: only
the owner reads or changes an import; an export holds the requester's data only."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from cinematheque.members.imports import services
from cinematheque.members.models import ImportRow, Rating
from tests.factories import make_film, make_user
from tests.members.history import LETTERBOXD, make_catalogue, zip_folder

pytestmark = pytest.mark.django_db
ACTORS = ["owner", "other", "visitor", "admin"]


@pytest.fixture
def world(client):
    make_catalogue()
    owner = make_user(username="owner")
    people = {
        "owner": owner,
        "other": make_user(username="other"),
        "admin": make_user(role="admin", username="boss"),
        "visitor": None,
    }
    batch = services.history_import(
        user=owner,
        source="letterboxd",
        filename="export.zip",
        raw=zip_folder(LETTERBOXD / "extratone"),
    ).batch
    row = batch.rows.get(title="King Kong", kind="rating")
    return {"people": people, "batch": batch, "row": row}


def sign_in(client, world, actor):
    person = world["people"][actor]
    if person is not None:
        client.force_login(person)
    return person


@pytest.mark.parametrize("actor", ACTORS)
def test_import_report(client, world, actor):
    sign_in(client, world, actor)
    response = client.get(reverse("members:import_report", args=[world["batch"].pk]))
    expected = {"owner": 200, "other": 404, "admin": 404, "visitor": 302}[actor]
    assert response.status_code == expected
    if actor == "visitor":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("actor", ACTORS)
def test_import_status(client, world, actor):
    sign_in(client, world, actor)
    response = client.get(reverse("members:import_status", args=[world["batch"].pk]))
    expected = {"owner": 200, "other": 404, "admin": 404, "visitor": 302}[actor]
    assert response.status_code == expected
    if actor == "owner":
        assert response.json()["state"] == "done"


@pytest.mark.parametrize("actor", ACTORS)
def test_import_choose(client, world, actor):
    person = sign_in(client, world, actor)
    row = world["row"]
    response = client.post(
        reverse("members:import_choose", args=[world["batch"].pk, row.pk]),
        {"film": row.candidates[0]},
    )
    expected = {"owner": 302, "other": 404, "admin": 404, "visitor": 302}[actor]
    assert response.status_code == expected
    row.refresh_from_db()
    assert (row.status == ImportRow.Status.MATCHED) == (actor == "owner")
    if person is not None and actor != "owner":
        assert not Rating.objects.filter(user=person).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_import_list_shows_only_ones_own_imports(client, world, actor):
    sign_in(client, world, actor)
    response = client.get(reverse("members:import_list"))
    if actor == "visitor":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("export.zip" in response.content.decode()) == (actor == "owner")


@pytest.mark.parametrize("actor", ACTORS)
def test_retry_touches_only_ones_own_rows(client, world, actor):
    sign_in(client, world, actor)
    make_film(title="Summer with Monika", year=1953)
    response = client.post(reverse("members:import_retry"))
    assert response.status_code == 302
    still_unmatched = world["batch"].rows.filter(
        title="Summer with Monika", status="unmatched"
    )
    assert still_unmatched.exists() == (actor != "owner")


@pytest.mark.parametrize("actor", ACTORS)
def test_import_start(client, world, actor):
    sign_in(client, world, actor)
    response = client.get(reverse("members:import_start"))
    assert response.status_code == (302 if actor == "visitor" else 200)
    response = client.post(reverse("members:import_start"), {"source": "imdb"})
    assert response.status_code == (302 if actor == "visitor" else 400)


@pytest.mark.parametrize("actor", ACTORS)
def test_export_holds_the_requesters_data_only(client, world, actor):
    person = sign_in(client, world, actor)
    page = client.get(reverse("members:export"))
    response = client.get(reverse("members:export_download"))
    if person is None:
        assert page.status_code == response.status_code == 302
        return
    assert page.status_code == 200
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(response.content)).read("cinematheque.json")
    )
    assert data["profile"]["username"] == person.username
    assert bool(data["ratings"]) == (actor == "owner")


def test_rows_of_another_batch_cannot_be_reached_through_ones_own_batch(client, world):
    other = world["people"]["other"]
    own = services.history_import(
        user=other,
        source="letterboxd",
        filename="own.csv",
        raw=(LETTERBOXD / "extratone" / "ratings.csv").read_bytes(),
    ).batch
    client.force_login(other)
    response = client.post(
        reverse("members:import_choose", args=[own.pk, world["row"].pk]),
        {"film": world["row"].candidates[0]},
    )
    assert response.status_code == 404

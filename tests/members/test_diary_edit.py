"""Editing a diary entry on its web page (/me/diary/<id>/edit/): date, rating,
review, rewatch flag and tags; deleting it from there; owner only, CSRF-checked,
rate-limited."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cinematheque.members import ratings
from cinematheque.members.models import DiaryEntry, Rating, Review
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.fixture
def member(client):
    user = factories.make_user(username="ada")
    client.force_login(user)
    return user


@pytest.fixture
def entry(member, heat) -> DiaryEntry:
    return ratings.diary_entry_create(
        user=member,
        film=heat,
        viewing=ratings.Viewing(watched_on=DAY, rating=7, tags=("cinema",)),
    )


def edit(client, entry, **fields):
    data = {
        "film": "heat-1995",
        "watched_on": "2025-02-14",
        "rating": "9",
        "rewatch": "on",
        "tags": "Cinema, with Bea",
        "review": "",
    }
    data.update(fields)
    return client.post(f"/me/diary/{entry.pk}/edit/", data)


def test_the_edit_page_shows_the_entry_as_it_is(client, entry):
    ratings.diary_entry_edit(
        user=entry.user,
        entry_id=entry.pk,
        viewing=ratings.Viewing(
            watched_on=DAY, rating=7, tags=("cinema",), review="Tense."
        ),
    )
    page = client.get(f"/me/diary/{entry.pk}/edit/").content.decode()
    assert 'value="2025-03-01"' in page
    assert '<option value="7" selected>' in page
    assert 'value="cinema"' in page
    assert "Tense.</textarea>" in page
    assert f'action="/me/diary/{entry.pk}/delete/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    diary = client.get("/me/diary/").content.decode()
    assert f'href="/me/diary/{entry.pk}/edit/"' in diary


def test_editing_changes_date_rating_rewatch_and_tags(client, entry):
    response = edit(client, entry)
    assert response.status_code == 302
    assert response["Location"] == "/me/diary/#diary-2025-02"
    entry.refresh_from_db()
    assert (entry.watched_on, entry.rating, entry.rewatch, entry.tags) == (
        datetime.date(2025, 2, 14),
        9,
        True,
        ["cinema", "with bea"],
    )
    assert Rating.objects.get(user=entry.user, film=entry.film).value == 9
    followed = client.get(response["Location"]).content.decode()
    assert "Your viewing of Heat (1995) is saved." in followed


def test_the_review_is_written_changed_and_removed_with_the_entry(client, entry):
    edit(client, entry, review="The diner scene.", contains_spoilers="on")
    review = Review.objects.get(diary_entry=entry)
    assert (review.body, review.contains_spoilers) == ("The diner scene.", True)
    edit(client, entry, review="The coffee shop.")
    review.refresh_from_db()
    assert (review.body, review.contains_spoilers) == ("The coffee shop.", False)
    assert Review.objects.count() == 1
    edit(client, entry, review="   ")
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"watched_on": "2999-01-01"}, "future"),
        ({"watched_on": "not a date"}, "Enter a valid date"),
        ({"rating": "11"}, "Select a valid choice"),
        ({"film": "another-film"}, "No film has this address"),
        ({"tags": ",".join(f"t{n}" for n in range(30))}, "at most 20 tags"),
    ],
)
def test_a_bad_edit_is_a_400_with_a_message_and_changes_nothing(
    client, entry, fields, message
):
    factories.make_film(title="Another", slug="another-film")
    response = edit(client, entry, **fields)
    if fields.get("film") == "another-film":
        assert response.status_code == 400
        assert "stays with its film" in response.content.decode()
    else:
        assert response.status_code == 400
        assert message in response.content.decode()
    entry.refresh_from_db()
    assert (entry.watched_on, entry.rating) == (DAY, 7)


def test_another_members_entry_is_a_404_and_stays_as_it_was(entry):
    other = Client()
    other.force_login(factories.make_user(username="bea"))
    assert other.get(f"/me/diary/{entry.pk}/edit/").status_code == 404
    assert edit(other, entry).status_code == 404
    assert other.post(f"/me/diary/{entry.pk}/delete/").status_code == 404
    entry.refresh_from_db()
    assert entry.rating == 7
    visitor = Client().get(f"/me/diary/{entry.pk}/edit/")
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    assert Client().get(f"/me/diary/{2**70}/edit/").status_code == 302
    assert other.get(f"/me/diary/{2**70}/edit/").status_code == 404


def test_edits_need_the_csrf_token(member, entry):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert edit(strict, entry).status_code == 403
    assert strict.post(f"/me/diary/{entry.pk}/delete/").status_code == 403
    entry.refresh_from_db()
    assert entry.rating == 7


def test_edits_are_rate_limited(client, entry, frozen_window):
    for _ in range(60):
        assert edit(client, entry).status_code == 302
    response = edit(client, entry)
    assert response.status_code == 429
    assert client.get(f"/me/diary/{entry.pk}/edit/").status_code == 200


def test_deleting_from_the_edit_page(client, entry):
    response = client.post(f"/me/diary/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not DiaryEntry.objects.exists()
    assert "The diary entry is deleted." in client.get("/me/diary/").content.decode()

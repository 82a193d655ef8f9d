"""Privacy of "For you" and of the content limit over {owner, other member, visitor,
admin}: each sees and changes only their own; visitors are sent to sign in (pages) or
refused (API)."""

from __future__ import annotations

import pytest
from django.test import Client

from cinematheque.members.content_limit import content_limit_set
from cinematheque.members.models import Rating
from cinematheque.recommendations.models import Recommendation
from tests import factories

REASON = "Because you rated Heat (1995)"


@pytest.fixture
def owner(db):
    from django.utils import timezone

    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    thief = factories.make_film(title="Thief", year=1981, slug="thief-1981")
    Recommendation.objects.create(
        film=heat,
        recommended=thief,
        rank=1,
        score=1.0,
        kind=Recommendation.Kind.DIRECTOR,
        reason="Also directed by Michael Mann",
        computed_at=timezone.now(),
    )
    user = factories.make_user(username="owner")
    Rating.objects.create(user=user, film=heat, value=9)
    content_limit_set(user=user, ceiling="PG-13", hide_unknown=False)
    return user


def client_as(role: str) -> Client:
    client = Client()
    if role != "visitor":
        client.force_login(factories.make_user(role=role))
    return client


@pytest.mark.parametrize("role", ["member", "admin"])
def test_others_never_see_the_owners_suggestions(owner, role):
    client = client_as(role)
    page = client.get("/me/for-you/", {"user": owner.pk}).content.decode()
    assert REASON not in page
    answer = client.get("/api/v1/me/recommendations", {"user": owner.pk}).json()
    assert answer["items"] == []


def test_the_owner_sees_their_suggestions(owner):
    client = Client()
    client.force_login(owner)
    assert REASON in client.get("/me/for-you/").content.decode()
    answer = client.get("/api/v1/me/recommendations").json()
    assert answer["items"][0]["reason"].startswith(REASON)


def test_visitors_are_sent_to_sign_in_or_refused(owner):
    visitor = Client()
    page = visitor.get("/me/for-you/")
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
    assert visitor.get("/api/v1/me/recommendations").status_code == 401
    limit_page = visitor.get("/me/content-limit/")
    assert limit_page.status_code == 302
    posted = visitor.post("/me/content-limit/", {"ceiling": ""})
    assert posted.status_code == 302
    owner.refresh_from_db()
    assert owner.content_limit == "PG-13"


def test_the_owner_reads_and_changes_their_own_limit(owner):
    client = Client()
    client.force_login(owner)
    page = client.get("/me/content-limit/").content.decode()
    assert "PG-13 (United States)" in page
    response = client.post("/me/content-limit/", {"ceiling": "R"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.content_limit == "R"
    assert owner.content_limit_hides_unknown is False


@pytest.mark.parametrize("role", ["member", "admin"])
def test_another_account_changes_only_its_own_limit(owner, role):
    client = client_as(role)
    page = client.get("/me/content-limit/").content.decode()
    assert "PG-13" not in page.split("<form")[0]  # not the owner's setting
    client.post("/me/content-limit/", {"ceiling": "G", "user": owner.pk})
    owner.refresh_from_db()
    assert owner.content_limit == "PG-13"


def test_an_administrator_sets_a_members_limit_in_the_admin(owner):
    admin = client_as("admin")
    url = f"/admin/members/user/{owner.pk}/change/"
    form = admin.get(url)
    assert form.status_code == 200
    assert "content_limit_hides_unknown" in form.content.decode()
    member = client_as("member")
    assert member.get(url).status_code == 302  # to the admin's log-in


def test_the_form_refuses_a_ceiling_that_does_not_exist(owner):
    client = Client()
    client.force_login(owner)
    response = client.post("/me/content-limit/", {"ceiling": "PG-14"})
    assert response.status_code == 400
    assert "Choose one of the certifications" in response.content.decode()
    owner.refresh_from_db()
    assert owner.content_limit == "PG-13"


def test_the_form_needs_its_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post("/me/content-limit/", {"ceiling": ""}).status_code == 403
    page = client.get("/me/content-limit/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_after_saving_the_member_returns_only_to_a_page_of_this_site(owner):
    client = Client()
    client.force_login(owner)
    back = client.post("/me/content-limit/", {"ceiling": "R", "next": "/films/x/"})
    assert back["Location"] == "/films/x/"
    away = client.post(
        "/me/content-limit/", {"ceiling": "R", "next": "https://evil.example/"}
    )
    assert away["Location"] == "/me/content-limit/"


def test_the_owners_token_reads_their_suggestions_and_no_one_elses(owner):
    from cinematheque.members.tokens import token_create

    client = Client()
    mine = {"HTTP_AUTHORIZATION": f"Bearer {token_create(owner).plain}"}
    answer = client.get("/api/v1/me/recommendations", **mine)
    assert answer.json()["items"][0]["reason"].startswith(REASON)
    assert "no-store" in answer["Cache-Control"]
    other = factories.make_user()
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {token_create(other).plain}"}
    assert client.get("/api/v1/me/recommendations", **theirs).json()["items"] == []
    bad = {"HTTP_AUTHORIZATION": "Bearer cin_nope"}
    assert client.get("/api/v1/me/recommendations", **bad).status_code == 401

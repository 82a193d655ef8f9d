"""Privacy of the account routes over {owner, other member, visitor, admin}: only
the owner reads or changes the owner's account, e-mail, profile settings and
tokens; the routes take no account id, and a token id of someone else is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from cinematheque.members.models import ApiToken, User
from cinematheque.members.tokens import token_create
from tests import factories

pytestmark = pytest.mark.django_db

ACTORS = ["owner", "other", "visitor", "admin"]
PASSWORD = "velvet-Projector-1995"


@pytest.fixture
def world():
    owner = factories.make_user(username="owner", email="owner-secret@example.org")
    owner.set_password(PASSWORD)
    owner.bio = "owner's bio"
    owner.save()
    other = factories.make_user(username="other", email="other@example.org")
    other.set_password(PASSWORD)
    other.save()
    admin = factories.make_user(role="admin", username="root")
    token = token_create(owner, name="owner's laptop")
    return {"owner": owner, "other": other, "admin": admin, "token": token}


def client_for(actor: str, world) -> Client:
    client = Client()
    if actor != "visitor":
        client.force_login(world[actor])
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_settings_page_shows_only_ones_own_account(actor: str, world) -> None:
    response = client_for(actor, world).get("/accounts/settings/")
    if actor == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    page = response.content.decode()
    shows_owner = actor == "owner"
    assert ("owner-secret@example.org" in page) is shows_owner
    assert ("owner&#39;s laptop" in page) is shows_owner
    # The bio is in a form field, which Django's own widget templates escape.
    assert ("owner&#x27;s bio" in page) is shows_owner
    assert (world["token"].plain[:8] in page) is shows_owner
    assert world["token"].plain not in page


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_revokes_the_owners_token(actor: str, world) -> None:
    token_id = world["token"].token.pk
    response = client_for(actor, world).post(f"/accounts/tokens/{token_id}/revoke/")
    assert response.status_code == 302
    still_there = ApiToken.objects.filter(pk=token_id).exists()
    assert still_there is (actor != "owner")


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/settings/profile/", {"bio": "changed", "profile_public": ""}),
        (
            "/accounts/settings/email/",
            {"email": "x@example.org", "current_password": PASSWORD},
        ),
        ("/accounts/tokens/", {"name": "sneaky"}),
        (
            "/accounts/password/change/",
            {
                "old_password": PASSWORD,
                "new_password1": "n-" + PASSWORD,
                "new_password2": "n-" + PASSWORD,
            },
        ),
        ("/accounts/delete/", {"current_password": PASSWORD, "confirm": "on"}),
    ],
)
@pytest.mark.parametrize("actor", ["other", "visitor", "admin"])
def test_writes_by_anyone_else_never_touch_the_owner(
    actor: str, path: str, data: dict, world
) -> None:
    client_for(actor, world).post(path, data)
    owner = User.objects.get(pk=world["owner"].pk)
    assert owner.bio == "owner's bio"
    assert owner.email == "owner-secret@example.org"
    assert owner.check_password(PASSWORD)
    assert list(owner.api_tokens.values_list("name", flat=True)) == ["owner's laptop"]


@pytest.mark.parametrize("actor", ACTORS)
def test_api_me_answers_for_the_caller_only(actor: str, world) -> None:
    response = client_for(actor, world).get("/api/v1/me/")
    if actor == "visitor":
        assert response.status_code == 401
        return
    assert response.json()["username"] == world[actor].username


@pytest.mark.parametrize("actor", ACTORS)
def test_the_header_names_the_caller_only(actor: str, world) -> None:
    account = (
        client_for(actor, world).get("/personal/site/").json()["fields"]["account"]
    )
    if actor == "visitor":
        assert account == {"signed_in": False}
    else:
        assert account["username"] == world[actor].username

"""API tokens (members.tokens) and the Bearer authentication of /api/v1/me/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cinematheque.members.models import ApiToken, Follow, Rating
from cinematheque.members.tokens import (
    token_create,
    token_hash,
    token_revoke,
    token_user,
)
from tests import factories

pytestmark = pytest.mark.django_db


def bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_only_the_hash_of_a_new_token_is_stored() -> None:
    member = factories.make_user()
    new = token_create(member, name="laptop")
    stored = ApiToken.objects.get(user=member)
    assert stored.key_hash == token_hash(new.plain) != new.plain
    assert new.plain.startswith(stored.prefix)
    assert new.plain not in str(list(ApiToken.objects.values_list()))
    assert token_user(new.plain) == member


def test_two_tokens_differ_and_unknown_or_malformed_tokens_match_nobody() -> None:
    member = factories.make_user()
    first, second = token_create(member), token_create(member)
    assert first.plain != second.plain
    assert token_user(first.plain[:-1] + "x") is None
    assert token_user("") is None
    assert token_user("cin_" + "a" * 500) is None


def test_revoking_works_only_on_ones_own_token() -> None:
    owner, other = factories.make_user(), factories.make_user()
    new = token_create(owner)
    assert token_revoke(other, new.token.pk) is False
    assert token_user(new.plain) == owner
    assert token_revoke(owner, new.token.pk) is True
    assert token_user(new.plain) is None


def test_a_deactivated_members_token_no_longer_works() -> None:
    member = factories.make_user()
    new = token_create(member)
    member.is_active = False
    member.save()
    assert token_user(new.plain) is None


def test_last_used_is_written_at_most_once_a_minute() -> None:
    member = factories.make_user()
    new = token_create(member)
    token_user(new.plain)
    first_use = ApiToken.objects.get().last_used_at
    assert first_use is not None
    token_user(new.plain)
    assert ApiToken.objects.get().last_used_at == first_use
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ApiToken.objects.update(last_used_at=an_hour_ago)
    token_user(new.plain)
    assert ApiToken.objects.get().last_used_at > an_hour_ago


def test_me_answers_401_without_or_with_a_bad_token(client: Client) -> None:
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/me/", **bearer("cin_nope")).status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Basic abc").status_code == 401


def test_me_with_a_token_says_who_and_counts_only_their_rows(client: Client) -> None:
    member, other = factories.make_user(username="ada"), factories.make_user()
    film = factories.make_film()
    Rating.objects.create(user=member, film=film, value=8)
    Rating.objects.create(user=other, film=film, value=2)
    Follow.objects.create(follower=other, followed=member)
    new = token_create(member)
    response = client.get("/api/v1/me/", **bearer(new.plain))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ada"
    assert body["counts"] == {
        "ratings": 1,
        "watched": 0,
        "diary_entries": 0,
        "watchlist": 0,
        "reviews": 0,
        "lists": 0,
        "following": 0,
        "followers": 1,
    }
    assert body["profile_url"] == "/members/ada/"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no signed-in hint for a token


def test_me_with_the_browser_session(client: Client) -> None:
    member = factories.make_user(username="grace")
    client.force_login(member)
    assert client.get("/api/v1/me/").json()["username"] == "grace"


def test_a_bad_token_is_refused_even_with_a_session(client: Client) -> None:
    client.force_login(factories.make_user())
    assert client.get("/api/v1/me/", **bearer("cin_wrong")).status_code == 401


def test_cli_prints_a_working_token_as_the_last_word(capsys) -> None:
    from cinematheque import cli

    member = factories.make_user(username="operator-made")
    assert cli.main(["members", "token", "--user", "operator-made"]) == 0
    plain = capsys.readouterr().out.split()[-1]
    assert token_user(plain) == member
    assert ApiToken.objects.get(user=member).name == "command line"


def test_cli_token_for_an_unknown_member_is_a_clear_error(capsys) -> None:
    from cinematheque import cli

    assert cli.main(["members", "token", "--user", "nobody"]) == 1
    assert "no member is called 'nobody'" in capsys.readouterr().err

"""Accounts: sign up, log in and out, password reset and change, e-mail and profile,
API tokens on the settings page, deleting an account and all it owns."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db.models import CASCADE
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cinematheque.members.imports.models import ImportBatch
from cinematheque.members.models import (
    ApiToken,
    DiaryEntry,
    FavouriteFilm,
    FilmList,
    FilmListItem,
    Follow,
    Rating,
    RatingSummary,
    Review,
    ReviewLike,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.members.tokens import token_create, token_user
from cinematheque.watch.models import (
    LibraryFolder,
    MediaFile,
    MemberService,
    PlaybackPosition,
)
from tests import factories

pytestmark = pytest.mark.django_db

STRONG = "velvet-Projector-1995"


def member_with(password: str, **overrides: str) -> User:
    user = factories.make_user(**overrides)
    user.set_password(password)
    user.save()
    return user


def sign_up(client: Client, username: str = "ada", **extra: str):
    data = {
        "username": username,
        "email": f"{username}@example.org",
        "password1": STRONG,
        "password2": STRONG,
        **extra,
    }
    return client.post("/accounts/signup/", data)


def test_sign_up_creates_the_member_and_signs_them_in(client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    user = User.objects.get(username="ada")
    assert user.email == "ada@example.org"
    assert user.check_password(STRONG)
    assert client.get("/accounts/settings/").status_code == 200
    assert client.cookies["signed_in"].value == "1"


def test_sign_up_goes_back_to_a_local_next_page_only(client: Client) -> None:
    response = sign_up(client, next="/films/")
    assert response["Location"] == "/films/"
    response = sign_up(Client(), username="bob", next="https://evil.example/")
    assert response["Location"] == "/accounts/settings/"


def test_sign_up_refuses_weak_passwords_taken_names_and_addresses(
    client: Client,
) -> None:
    factories.make_user(username="ada", email="ada@example.org")
    response = sign_up(client, username="Ada")
    assert response.status_code == 200
    assert b"already exists" in response.content
    response = sign_up(client, username="ada2", email="ADA@example.org")
    assert b"Another account uses this e-mail address" in response.content
    response = client.post(
        "/accounts/signup/",
        {
            "username": "carl",
            "email": "c@example.org",
            "password1": "123",
            "password2": "123",
        },
    )
    assert b"too short" in response.content
    assert not User.objects.filter(username="carl").exists()


def test_log_in_rotates_the_session_key(client: Client) -> None:
    member_with(STRONG, username="ada")
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    response = client.post("/accounts/login/", {"username": "ada", "password": STRONG})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_log_in_with_a_wrong_password_says_so(client: Client) -> None:
    factories.make_user(username="ada")
    response = client.post("/accounts/login/", {"username": "ada", "password": "no"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content


def test_log_out_is_a_post_and_get_asks_first(client: Client) -> None:
    client.force_login(factories.make_user())
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert b'method="post"' in page.content
    assert client.get("/accounts/settings/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/settings/").status_code == 302
    assert client.cookies["signed_in"].value == ""  # the hint is removed


def test_password_reset_by_e_mail(client: Client) -> None:
    factories.make_user(username="ada", email="ada@example.org", email_verified=True)
    response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": STRONG, "new_password2": STRONG},
    )
    assert response["Location"] == "/accounts/password/reset/done/"
    assert User.objects.get(username="ada").check_password(STRONG)
    again = client.get(link.group(1), follow=True)
    assert b"This link no longer works" in again.content


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Client,
) -> None:
    response = client.post("/accounts/password/reset/", {"email": "who@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_change_keeps_this_browser_and_signs_out_the_others() -> None:
    member = member_with(STRONG, username="ada")
    here, elsewhere = Client(), Client()
    here.force_login(member)
    elsewhere.force_login(member)
    key_before = here.cookies["sessionid"].value
    response = here.post(
        "/accounts/password/change/",
        {
            "old_password": STRONG,
            "new_password1": "other-" + STRONG,
            "new_password2": "other-" + STRONG,
        },
    )
    assert response["Location"] == "/accounts/settings/"
    assert here.cookies["sessionid"].value != key_before
    assert here.get("/accounts/settings/").status_code == 200
    assert elsewhere.get("/accounts/settings/").status_code == 302


def test_e_mail_change_needs_the_current_password(client: Client) -> None:
    member = member_with(STRONG, email="old@example.org")
    client.force_login(member)
    response = client.post(
        "/accounts/settings/email/",
        {"email": "new@example.org", "current_password": "wrong"},
    )
    assert response.status_code == 400
    assert b"not your current password" in response.content
    response = client.post(
        "/accounts/settings/email/",
        {"email": "new@example.org", "current_password": STRONG},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert not member.email_verified
    notice, verification = mail.outbox
    assert verification.to == ["new@example.org"]
    assert notice.to == ["old@example.org"]
    assert "new@example.org" in notice.body


def test_profile_settings_are_saved_and_the_content_limit_has_its_own_page(
    client: Client,
) -> None:
    member = factories.make_user(content_limit="PG")
    client.force_login(member)
    response = client.post(
        "/accounts/settings/profile/",
        {"bio": "Crime films, mostly.", "content_limit": "NC-17"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.profile_public, member.bio, member.content_limit) == (
        False,
        "Crime films, mostly.",
        "PG",  # set on its own page (with each country's ceilings), not here
    )
    page = client.get("/accounts/settings/").content.decode()
    assert "Crime films, mostly." in page
    assert 'name="content_limit"' not in page
    assert 'href="/me/content-limit/">Change the content limit</a>' in page
    assert 'href="/me/profile/">Choose your four favourite films</a>' in page


def test_a_token_is_shown_once_then_only_its_prefix(client: Client) -> None:
    member = factories.make_user()
    client.force_login(member)
    response = client.post("/accounts/tokens/", {"name": "my script"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    plain = re.search(rb'value="(cin_[^"]+)"', response.content).group(1).decode()
    assert token_user(plain) == member
    page = client.get("/accounts/settings/")
    assert plain.encode() not in page.content
    assert plain[:8].encode() in page.content
    assert b"my script" in page.content
    token = ApiToken.objects.get(user=member)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert token_user(plain) is None


def media_file_of(film) -> MediaFile:
    folder, _ = LibraryFolder.objects.get_or_create(path="/srv/films")
    media_file, _ = MediaFile.objects.get_or_create(
        folder=folder, relative_path="Heat (1995).mkv", defaults={"film": film}
    )
    return media_file


# Every table whose rows belong to a member, as (model, field naming the member):
# deleting the account must empty them of the member's rows and only of those.
MEMBER_TABLES = [
    (Rating, "user"),
    (WatchedFilm, "user"),
    (DiaryEntry, "user"),
    (WatchlistEntry, "user"),
    (Review, "user"),
    (ReviewLike, "user"),
    (FilmList, "owner"),
    (FavouriteFilm, "user"),
    (Follow, "follower"),
    (Follow, "followed"),
    (ApiToken, "user"),
    (ImportBatch, "user"),
    (MemberService, "user"),
    (PlaybackPosition, "user"),
    (TOTPDevice, "user"),  # a staff member's authenticator (members/two_factor.py)
]


def test_the_deletion_test_knows_every_table_that_points_at_a_member() -> None:
    """A new model with a foreign key to the member must be added to MEMBER_TABLES
    (and to give_everything), so that deleting an account is tested to empty it."""
    from django.apps import apps

    pointing = {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.related_model is User
        and field.remote_field.on_delete is CASCADE
        and model._meta.app_label != "admin"  # staff actions in the admin log
    }
    assert pointing == set(MEMBER_TABLES)


def give_everything(member: User, other: User, film, other_film) -> None:
    """Rows of every kind for both members, likes and follows between them."""
    rows_of = {}
    for user in (member, other):
        Rating.objects.create(user=user, film=film, value=8 if user == member else 4)
        WatchedFilm.objects.create(user=user, film=film)
        entry = DiaryEntry.objects.create(
            user=user, film=film, watched_on=date(2024, 5, 1)
        )
        WatchlistEntry.objects.create(user=user, film=other_film)
        review = Review.objects.create(
            user=user, film=film, body="Good.", diary_entry=entry
        )
        film_list = FilmList.objects.create(owner=user, title="Best", slug="best")
        FilmListItem.objects.create(film_list=film_list, film=film, position=1)
        FavouriteFilm.objects.create(user=user, film=film, position=1)
        token_create(user)
        ImportBatch.objects.create(
            user=user, source="letterboxd", filename="export.zip", file_sha256="0" * 64
        )
        MemberService.objects.create(user=user, provider_id="8", provider="Netflix")
        PlaybackPosition.objects.create(
            user=user, media_file=media_file_of(film), position=12.5
        )
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        rows_of[user.username] = review
    Follow.objects.create(follower=member, followed=other)
    Follow.objects.create(follower=other, followed=member)
    ReviewLike.objects.create(user=member, review=rows_of["staying"])
    ReviewLike.objects.create(user=other, review=rows_of["leaving"])
    third_review = Review.objects.create(
        user=factories.make_user(username="third"), film=other_film, body="Fine."
    )
    ReviewLike.objects.create(user=other, review=third_review)
    Review.objects.filter(pk=rows_of["staying"].pk).update(like_count=1)
    RatingSummary.objects.create(film=film, count=2, total=12, bucket_8=1, bucket_4=1)


def expired_session_of(member: User) -> None:
    expired = SessionStore()
    expired[SESSION_KEY] = str(member.pk)
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )


def test_deleting_the_account_takes_every_row_it_owns_and_nothing_else() -> None:
    film, other_film = factories.make_film(), factories.make_film()
    member = member_with(STRONG, username="leaving")
    other = factories.make_user(username="staying")
    give_everything(member, other, film, other_film)
    expired_session_of(member)
    browser, elsewhere = Client(), Client()
    browser.force_login(member)
    elsewhere.force_login(member)
    other_browser = Client()
    other_browser.force_login(other)
    assert browser.get("/accounts/delete/").status_code == 200
    refused = browser.post(
        "/accounts/delete/", {"current_password": "wrong", "confirm": "on"}
    )
    assert refused.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()
    response = browser.post(
        "/accounts/delete/", {"current_password": STRONG, "confirm": "on"}
    )
    assert response.status_code == 200
    assert b"Your account is deleted" in response.content

    assert not User.objects.filter(username="leaving").exists()
    for model, owner in MEMBER_TABLES:
        assert not model.objects.filter(**{f"{owner}_id": member.pk}).exists(), model
        if model not in {ReviewLike, Follow}:  # those of the member's rows, below
            assert model.objects.filter(**{f"{owner}_id": other.pk}).exists(), model
    # The member's like went, and so did the like of their (deleted) review.
    assert list(
        ReviewLike.objects.values_list("user__username", "review__user__username")
    ) == [("staying", "third")]
    assert FilmListItem.objects.filter(film_list__owner=other).count() == 1
    assert FilmListItem.objects.count() == 1
    assert not Follow.objects.exists()
    assert Review.objects.get(user=other).like_count == 0
    summary = RatingSummary.objects.get(film=film)
    assert (summary.count, summary.total, summary.bucket_8, summary.bucket_4) == (
        1,
        4,
        0,
        1,
    )
    # Every session of the deleted account is gone; the other member's stays.
    assert elsewhere.get("/accounts/settings/").status_code == 302
    assert other_browser.get("/accounts/settings/").status_code == 200
    remaining = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert str(member.pk) not in remaining
    assert str(other.pk) in remaining


def test_without_a_content_limit_page_the_profile_form_sets_it(
    client: Client, monkeypatch
) -> None:
    from cinematheque.members import account_forms

    monkeypatch.setattr(account_forms, "content_limit_page", lambda: None)
    member = factories.make_user()
    client.force_login(member)
    assert b'name="content_limit"' in client.get("/accounts/settings/").content
    client.post(
        "/accounts/settings/profile/",
        {"bio": "Hi", "profile_public": "on", "content_limit": "PG-13"},
    )
    member.refresh_from_db()
    assert (member.bio, member.content_limit) == ("Hi", "PG-13")

"""E-mail verification: a signed link after signing up and after changing the
address, "unverified" with a resend button on the settings page, password-reset
links to verified addresses only, and nobody locked out meanwhile."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.test import Client

from cinematheque.members import email_verification
from cinematheque.members.models import User
from tests import factories

pytestmark = pytest.mark.django_db

STRONG = "correct horse battery staple 42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/email/verify/\S+/)")


def verification_link(message) -> str:
    found = LINK.search(message.body)
    assert found is not None, message.body
    return found.group(1)


def sign_up(client: Client, username: str = "ada", email: str = "ada@example.org"):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email,
            "password1": STRONG,
            "password2": STRONG,
        },
    )


def test_signing_up_sends_a_link_that_verifies_the_address(client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 302
    ada = User.objects.get(username="ada")
    assert not ada.email_verified
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Confirm your e-mail address" in message.subject
    settings_page = client.get("/accounts/settings/").content.decode()
    assert "Unverified" in settings_page
    assert "We sent a link to ada@example.org" in settings_page
    assert 'action="/accounts/email/verify/resend/"' in settings_page
    # Not locked out meanwhile: the member's pages work.
    assert client.get("/me/diary/").status_code == 200
    page = Client().get(verification_link(message))
    assert page.status_code == 200
    assert "Address confirmed" in page.content.decode()
    ada.refresh_from_db()
    assert ada.email_verified
    settings_page = client.get("/accounts/settings/").content.decode()
    assert "Confirmed" in settings_page
    assert "Resend the link" not in settings_page


def test_a_new_address_is_unverified_and_old_links_stop_working(
    client: Client,
) -> None:
    sign_up(client)
    old_link = verification_link(mail.outbox[0])
    response = client.post(
        "/accounts/settings/email/",
        {"email": "ada@example.net", "current_password": STRONG},
    )
    assert response.status_code == 302
    new_message = mail.outbox[-1]
    assert new_message.to == ["ada@example.net"]
    assert client.get(old_link).status_code == 400
    assert not User.objects.get(username="ada").email_verified
    assert client.get(verification_link(new_message)).status_code == 200
    assert User.objects.get(username="ada").email_verified


def test_a_verified_address_changed_becomes_unverified(client: Client) -> None:
    member = factories.make_user(email="bea@example.org", email_verified=True)
    member.set_password(STRONG)
    member.save()
    client.force_login(member)
    client.post(
        "/accounts/settings/email/",
        {"email": "bea@example.net", "current_password": STRONG},
    )
    member.refresh_from_db()
    assert (member.email, member.email_verified) == ("bea@example.net", False)
    # The same address in other capitals stays verified.
    member.email_verified = True
    member.save()
    client.post(
        "/accounts/settings/email/",
        {"email": "BEA@example.net", "current_password": STRONG},
    )
    member.refresh_from_db()
    assert member.email_verified


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps({"u": 1, "e": "x@example.org"}, salt="another-purpose"),
        signing.dumps({"nothing": 1}, salt=email_verification.SALT),
        "x" * 2000,
    ],
)
def test_a_forged_or_broken_link_is_a_400(client: Client, token: str) -> None:
    factories.make_user(email="x@example.org")
    response = client.get(f"/accounts/email/verify/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not User.objects.filter(email_verified=True).exists()


def test_an_expired_link_is_a_400(client: Client, monkeypatch) -> None:
    member = factories.make_user(email="x@example.org")
    token = email_verification.email_verification_token(member)
    monkeypatch.setattr(email_verification, "VALID_FOR", -1)
    assert client.get(f"/accounts/email/verify/{token}/").status_code == 400
    member.refresh_from_db()
    assert not member.email_verified


def test_resending_is_rate_limited_and_needs_signing_in(client: Client) -> None:
    member = factories.make_user(email="x@example.org")
    assert client.post("/accounts/email/verify/resend/").status_code == 302
    assert mail.outbox == []
    client.force_login(member)
    for _ in range(3):
        response = client.post("/accounts/email/verify/resend/")
        assert response["Location"] == "/accounts/settings/#email-title"
    assert len(mail.outbox) == 3
    assert client.post("/accounts/email/verify/resend/").status_code == 429
    assert client.get("/accounts/email/verify/resend/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post("/accounts/email/verify/resend/").status_code == 403


def test_a_verified_address_gets_no_new_link(client: Client) -> None:
    member = factories.make_user(email="x@example.org", email_verified=True)
    client.force_login(member)
    client.post("/accounts/email/verify/resend/")
    assert mail.outbox == []
    assert "already confirmed" in client.get("/accounts/settings/").content.decode()


def test_password_reset_links_go_to_verified_addresses_only(client: Client) -> None:
    factories.make_user(username="ada", email="ada@example.org")
    response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []
    User.objects.filter(username="ada").update(email_verified=True)
    client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    [message] = mail.outbox
    assert "/accounts/password/reset/" in message.body


def test_the_migration_trusts_addresses_given_before_verification_existed() -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cinematheque.members.migrations.0006_email_verified")
    with_address = factories.make_user(email="old@example.org")
    without = factories.make_user(email="")
    migration.trust_existing_addresses(apps, None)
    with_address.refresh_from_db()
    without.refresh_from_db()
    assert with_address.email_verified
    assert not without.email_verified

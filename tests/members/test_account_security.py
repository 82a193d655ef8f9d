"""Brute force, CSRF and rate limits on the account pages, and the admin's log-in."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "velvet-Projector-1995"
# The management form of the admin's inline list of a member's API tokens.
TOKEN_INLINE = {
    "api_tokens-TOTAL_FORMS": "0",
    "api_tokens-INITIAL_FORMS": "0",
    "api_tokens-MIN_NUM_FORMS": "0",
    "api_tokens-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def ada():
    user = factories.make_user(username="ada")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def root():
    user = factories.make_user(role="admin", username="root")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_thirty_wrong_passwords_then_the_right_one_is_refused(
    client: Client, ada
) -> None:
    statuses = [
        client.post(
            "/accounts/login/", {"username": "ada", "password": f"guess-{n}"}
        ).status_code
        for n in range(30)
    ]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}  # the fifth failure locks
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert b"Too many wrong passwords" in response.content
    assert b"15 minutes" in response.content
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) == 900


def test_the_lock_is_per_username_and_address(client: Client, ada) -> None:
    for n in range(6):
        client.post("/accounts/login/", {"username": "ada", "password": f"x{n}"})
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    response = other_address.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_right_password_before_the_limit_resets_the_count(
    client: Client, ada
) -> None:
    for n in range(4):
        client.post("/accounts/login/", {"username": "ada", "password": f"x{n}"})
    assert (
        client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    ).status_code == 302
    client.post("/accounts/logout/")
    for n in range(4):
        client.post("/accounts/login/", {"username": "ada", "password": f"y{n}"})
    assert (
        client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    ).status_code == 302


def test_the_admin_log_in_is_locked_too(client: Client, root) -> None:
    for n in range(30):
        client.post(
            "/admin/login/",
            {"username": "root", "password": f"guess-{n}", "next": "/admin/"},
        )
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert b"Too many wrong passwords" in response.content
    assert client.get("/admin/").status_code == 302  # still asked to log in


def test_the_admin_log_in_works_with_the_right_password(client: Client, root) -> None:
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/logout/",
        "/accounts/password/reset/",
        "/accounts/password/change/",
        "/accounts/settings/profile/",
        "/accounts/settings/email/",
        "/accounts/tokens/",
        "/accounts/tokens/1/revoke/",
        "/accounts/delete/",
    ],
)
def test_every_form_needs_the_csrf_token(path: str, ada) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post(path, {}).status_code == 403


def test_sign_ups_from_one_address_are_rate_limited(client: Client) -> None:
    statuses = [
        client.post(
            "/accounts/signup/",
            {"username": f"bot{n}", "email": "x", "password1": "a", "password2": "a"},
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]


def test_token_creation_is_rate_limited(client: Client, ada) -> None:
    client.force_login(ada)
    statuses = [client.post("/accounts/tokens/", {}).status_code for _ in range(11)]
    assert statuses == [201] * 10 + [429]


def test_the_admin_creates_members_resets_passwords_and_sets_the_content_limit(
    client: Client, root
) -> None:
    from cinematheque.members.models import User

    client.force_login(root)
    response = client.post(
        "/admin/members/user/add/",
        {
            "username": "kid",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "email": "kid@example.org",
            "content_limit": "PG",
            **TOKEN_INLINE,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    kid = User.objects.get(username="kid")
    assert (kid.email, kid.content_limit) == ("kid@example.org", "PG")
    assert kid.check_password(PASSWORD)
    response = client.post(
        f"/admin/members/user/{kid.pk}/password/",
        {"password1": "new-" + PASSWORD, "password2": "new-" + PASSWORD},
    )
    assert response.status_code == 302
    kid.refresh_from_db()
    assert kid.check_password("new-" + PASSWORD)
    change_page = client.get(f"/admin/members/user/{kid.pk}/change/")
    assert b"content_limit" in change_page.content
    form = change_page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            **TOKEN_INLINE,
            "content_limit": "GB:12",
            "date_joined_0": kid.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": kid.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/members/user/{kid.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    kid.refresh_from_db()
    assert kid.content_limit == "GB:12"
    assert kid.check_password("new-" + PASSWORD)


def test_a_member_cannot_reach_the_admin(client: Client, ada) -> None:
    client.force_login(ada)
    response = client.get("/admin/members/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_behind_a_local_proxy_the_forwarded_address_is_counted(ada) -> None:
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for n in range(5):
        proxied.post("/accounts/login/", {"username": "ada", "password": f"x{n}"})
    locked = proxied.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    neighbour = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    response = neighbour.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_forwarded_header_from_a_remote_client_is_ignored(ada) -> None:
    for n in range(5):
        Client(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
            "/accounts/login/", {"username": "ada", "password": f"x{n}"}
        )
    response = Client(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.1.1.1").post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_the_admin_sees_and_revokes_a_members_tokens_but_never_their_secret(
    client: Client, root, ada
) -> None:
    from cinematheque.members.models import ApiToken
    from cinematheque.members.tokens import token_create

    new = token_create(ada, name="phone")
    client.force_login(root)
    page = client.get(f"/admin/members/user/{ada.pk}/change/")
    content = page.content.decode()
    assert "phone" in content
    assert new.plain[:8] in content
    assert new.plain not in content
    assert new.token.key_hash not in content
    assert not ApiToken.objects.filter(user=root).exists()


def test_over_https_the_cookies_are_host_prefixed_secure_and_lax(ada, settings) -> None:
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.CSRF_COOKIE_HTTPONLY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    form = client.get("/accounts/login/", secure=True)
    csrf = form.cookies["__Host-csrftoken"]
    response = client.post(
        "/accounts/login/",
        {"username": "ada", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    for cookie in (session, csrf):
        # A __Host- cookie must be Secure, for the whole site, on no other domain.
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert not cookie["domain"]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert client.get("/accounts/settings/", secure=True).status_code == 200


def test_a_password_reset_by_e_mail_lifts_the_lock_out(client: Client, ada) -> None:
    import re

    from django.core import mail

    ada.email = "ada@example.org"
    ada.email_verified = True
    ada.save()
    for n in range(5):
        client.post("/accounts/login/", {"username": "ada", "password": f"x{n}"})
    locked = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert locked.status_code == 429
    client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/\S+)", mail.outbox[0].body
    )
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new_password = "new-" + PASSWORD
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": new_password}
    )
    assert response.status_code == 302

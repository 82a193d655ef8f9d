"""The admin's second factor: staff add an authenticator app, and in production the
admin wants its code besides the password."""

from __future__ import annotations

import time

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

PASSWORD = "pw"


def code_of(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.ADMIN_TWO_FACTOR = True


@pytest.fixture
def staff(db):
    return factories.make_user(role="admin", username="root")


@pytest.fixture
def enrolled(staff):
    return TOTPDevice.objects.create(
        user=staff, name="Authenticator app", confirmed=True
    )


def admin_log_in(client: Client, **extra: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": PASSWORD, "next": "/admin/", **extra},
    )


def test_without_the_requirement_the_password_is_enough(client, staff):
    response = admin_log_in(client)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_password_alone_no_longer_opens_the_admin(client, two_factor_on, enrolled):
    response = admin_log_in(client)
    assert response.status_code == 200
    assert "authenticator" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client, two_factor_on, enrolled):
    wrong = f"{(int(code_of(enrolled)) + 1) % 1_000_000:06d}"
    admin_log_in(client, otp_token=wrong)
    assert client.get("/admin/").status_code == 302


def test_password_and_code_open_the_admin(client, two_factor_on, enrolled):
    response = admin_log_in(client, otp_token=code_of(enrolled))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_signed_in_on_the_site_still_needs_the_code(
    client, two_factor_on, enrolled, staff
):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_add_their_authenticator_and_are_verified(client, two_factor_on, staff):
    client.force_login(staff)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "otpauth://" in device.config_url

    client.post("/accounts/two-factor/", {"code": "000000"})
    device.refresh_from_db()
    assert not device.confirmed

    # django-otp throttles after a failure: the next code is accepted a second on.
    device.throttle_reset()
    response = client.post("/accounts/two-factor/", {"code": code_of(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_removing_the_authenticator_needs_the_password_and_a_code(
    client, staff, enrolled
):
    client.force_login(staff)
    client.post(
        "/accounts/two-factor/",
        {"action": "remove", "password": "wrong", "code": code_of(enrolled)},
    )
    assert TOTPDevice.objects.filter(user=staff).exists()
    client.post(
        "/accounts/two-factor/",
        {"action": "remove", "password": PASSWORD, "code": code_of(enrolled)},
    )
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_members_who_are_not_staff_have_no_two_factor_page(client, db):
    member = factories.make_user(username="ana")
    assert client.get("/accounts/two-factor/").status_code == 302  # to the log-in
    client.force_login(member)
    assert client.get("/accounts/two-factor/").status_code == 403


def test_the_audit_log_lists_staff_actions_read_only(client, staff):
    film = factories.make_film(title="Heat")
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=[film],
        action_flag=CHANGE,
        change_message="Changed title.",
        single_object=True,
    )
    client.force_login(staff)
    page = client.get("/admin/admin/logentry/")
    assert page.status_code == 200
    assert "Heat" in page.content.decode()
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(film))
    assert client.get(f"/admin/admin/logentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/admin/logentry/{entry.pk}/delete/").status_code == 403

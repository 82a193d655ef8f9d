"""A second factor for the staff's admin: a time-based code from an authenticator app
(TOTP, RFC 6238, through django-otp), required in production.

With `CINEMATHEQUE_ADMIN_2FA` on (the default when `CINEMATHEQUE_HTTPS` is), the admin
lets in only staff whose session was verified with a code: its log-in form asks for
one, and a staff member signed in on the site without a code sees the admin's log-in
page. A staff member adds their authenticator at /accounts/two-factor/ (a QR code and
the key, confirmed by a first code). Codes are throttled by django-otp (each failure
doubles the wait) besides the admin log-in's own lock-out (django-axes).
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest, HttpResponse
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def required() -> bool:
    return bool(getattr(settings, "ADMIN_TWO_FACTOR", False))


class TwoFactorAdminAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin's log-in with a code field; a staff member has one authenticator
    (added at /accounts/two-factor/), so the form does not ask which."""

    def _chosen_device(self, user: Any) -> Any:
        chosen = super()._chosen_device(user)
        if chosen is not None:
            return chosen
        return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class TwoFactorAdminSite(admin.AdminSite):
    """Django's admin site that, when a second factor is required, also wants the
    session verified by a code (django-otp's `request.user.is_verified()`)."""

    def has_permission(self, request: HttpRequest) -> bool:
        allowed = super().has_permission(request)
        if not (allowed and required()):
            return allowed
        return bool(request.user.is_verified())  # type: ignore[union-attr]

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if required():
            self.login_form = TwoFactorAdminAuthenticationForm
            self.login_template = "members/accounts/admin_login_two_factor.html"
        else:
            self.login_form = AdminAuthenticationForm
            self.login_template = None
        return super().login(request, extra_context)


def install() -> None:
    """Make the one admin site (that every app registers with) ask for the code."""
    admin.site.__class__ = TwoFactorAdminSite


def pending_device(user: Any) -> TOTPDevice:
    """The member's unconfirmed authenticator (a new key when there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirmed_devices(user: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def has_second_factor(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (markup for the template's
    `|safe`: segno writes only its own path data)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#111", light="#fff"
    )


def readable_key(device: TOTPDevice) -> str:
    """The base32 key in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))

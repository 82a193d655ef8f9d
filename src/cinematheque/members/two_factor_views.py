"""/accounts/two-factor/: a staff member adds (or removes) their authenticator app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cinematheque.members import two_factor
from cinematheque.members.ratelimit import rate_limited

CODE_LENGTH = 6


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("two-factor", limit=10, window=600)
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Staff only: show the key to scan and confirm it with a first code; or, with an
    authenticator already confirmed, remove it (password and a current code)."""
    user = request.user
    if not user.is_staff:
        raise PermissionDenied("Only staff members sign in to the admin.")
    devices = two_factor.confirmed_devices(user)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            return _remove(request, devices)
        return _confirm(request)
    context: dict[str, object] = {"devices": devices, "required": two_factor.required()}
    if not devices:
        device = two_factor.pending_device(user)
        context |= {
            "qr_svg": two_factor.qr_svg(device),
            "key": two_factor.readable_key(device),
        }
    return render(request, "members/accounts/two_factor.html", context)


def _code(request: HttpRequest) -> str:
    code = "".join(request.POST.get("code", "").split())
    return code if len(code) == CODE_LENGTH and code.isdigit() else ""


def _confirm(request: HttpRequest) -> HttpResponse:
    device = two_factor.pending_device(request.user)
    code = _code(request)
    if not code or not device.verify_token(code):
        messages.error(
            request,
            "That code is not the one your app shows now. Check the clock of your "
            "phone and try the next code.",
        )
        return redirect("members:two_factor")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    messages.success(request, "Your authenticator app is added: the admin asks for it.")
    return redirect("members:two_factor")


def _remove(request: HttpRequest, devices: list[TOTPDevice]) -> HttpResponse:
    code = _code(request)
    password_ok = request.user.check_password(request.POST.get("password", ""))
    if not (password_ok and code and any(d.verify_token(code) for d in devices)):
        messages.error(request, "Your password and a current code are both needed.")
        return redirect("members:two_factor")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, "Your authenticator app is removed.")
    return redirect("members:two_factor")

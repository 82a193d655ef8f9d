"""The account pages at /accounts/…: sign up, log in and out, password reset and
change (Django's views with the site's templates), the settings page with its
forms (profile, e-mail, API tokens) and deleting the account.

Every write is a POST with the CSRF token and is rate-limited; log-in failures are
also counted by django-axes (see settings.AXES_*), which answers a locked-out
log-in with `locked_out`.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from cinematheque.members import email_verification
from cinematheque.members.account_forms import (
    AccountDeleteForm,
    EmailChangeForm,
    ProfileForm,
    SignUpForm,
    TokenCreateForm,
    VerifiedPasswordResetForm,
)
from cinematheque.members.accounts import (
    member_change_email,
    member_delete,
    member_sign_up,
    member_update_profile,
)
from cinematheque.members.email_verification import email_verification_send
from cinematheque.members.models import User
from cinematheque.members.ratelimit import rate_limited
from cinematheque.members.tokens import NewToken, token_create, token_revoke, tokens_of

TEMPLATES = "members/accounts/"
# login() must be told which backend vouched for a member it signs in itself.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # behind login_required
    return user


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
@rate_limited("signup", limit=10, window=3600)
def sign_up(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in with it."""
    if request.user.is_authenticated:
        return redirect("members:settings")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = member_sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend=MODEL_BACKEND)  # rotates the session key
        _send_verification(request, user)
        messages.success(
            request,
            f"Welcome, {user.get_username()}! We sent a link to {user.email}: "
            "follow it to confirm your address.",
        )
        return redirect(_safe_next(request, reverse("members:settings")))
    return render(
        request,
        TEMPLATES + "signup.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@method_decorator(rate_limited("login", limit=40, window=60), name="dispatch")
class LogInView(auth_views.LoginView):
    """Django's log-in (the session key changes on log-in); failures are counted by
    django-axes."""

    template_name = TEMPLATES + "login.html"
    redirect_authenticated_user = True


@method_decorator(rate_limited("logout", limit=30, window=60), name="dispatch")
class LogOutView(auth_views.LogoutView):
    """POST logs out; GET (someone without JavaScript) shows a button to do it."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("catalogue:home")
        return render(request, TEMPLATES + "logout.html")


@method_decorator(rate_limited("password-reset", limit=5, window=3600), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with links sent to verified addresses only."""

    form_class = VerifiedPasswordResetForm
    template_name = TEMPLATES + "password_reset.html"
    email_template_name = TEMPLATES + "password_reset_email.txt"
    subject_template_name = TEMPLATES + "password_reset_subject.txt"
    success_url = reverse_lazy("members:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"


@method_decorator(
    rate_limited("password-reset-confirm", limit=10, window=600), name="dispatch"
)
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset link. A new password set through it also lifts a log-in
    lock-out of the account: following the link proves the e-mail is theirs."""

    template_name = TEMPLATES + "password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"


@method_decorator(
    rate_limited("password-change", limit=10, window=600), name="dispatch"
)
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change: the member stays signed in here (the session key
    changes) and is signed out everywhere else."""

    template_name = TEMPLATES + "password_change.html"
    success_url = reverse_lazy("members:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed.")
        return response


def _settings_page(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    email_form: EmailChangeForm | None = None,
    token_form: TokenCreateForm | None = None,
    new_token: NewToken | None = None,
    status: int = 200,
) -> HttpResponse:
    member = _member(request)
    context = {
        "member": member,
        "profile_form": profile_form or ProfileForm(instance=member),
        "email_form": email_form or EmailChangeForm(member),
        "token_form": token_form or TokenCreateForm(),
        "tokens": tokens_of(member),
        "new_token": new_token,
    }
    response = render(request, TEMPLATES + "settings.html", context, status=status)
    add_never_cache_headers(response)  # a new token must stay on this screen only
    return response


@login_required
@require_http_methods(["GET"])
def account_settings(request: HttpRequest) -> HttpResponse:
    """The settings page: profile, e-mail, password, API tokens, deleting."""
    return _settings_page(request)


@login_required
@require_POST
@rate_limited("account-profile", limit=30, window=600)
def profile_update(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = ProfileForm(request.POST, instance=User.objects.get(pk=member.pk))
    if not form.is_valid():
        return _settings_page(request, profile_form=form, status=400)
    member_update_profile(
        member,
        profile_public=form.cleaned_data["profile_public"],
        bio=form.cleaned_data["bio"],
        content_limit=form.cleaned_data.get("content_limit"),
    )
    messages.success(request, "Your profile settings are saved.")
    return redirect("members:settings")


@login_required
@require_POST
@rate_limited("account-email", limit=10, window=600)
def email_change(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = EmailChangeForm(member, request.POST)
    if not form.is_valid():
        return _settings_page(request, email_form=form, status=400)
    member_change_email(member, form.cleaned_data["email"])
    if _send_verification(request, member):
        messages.success(
            request,
            f"Your e-mail address is changed. We sent a link to {member.email}: "
            "follow it to confirm the address.",
        )
    else:
        messages.success(request, "Your e-mail address is changed.")
    return redirect("members:settings")


def _send_verification(request: HttpRequest, member: User) -> bool:
    def link_for(token: str) -> str:
        return request.build_absolute_uri(reverse("members:email_verify", args=[token]))

    return email_verification_send(user=member, link_for=link_for)


@login_required
@require_POST
@rate_limited("email-verify-resend", limit=3, window=600)
def email_verify_resend(request: HttpRequest) -> HttpResponse:
    """Send the verification link again (the settings page's button)."""
    member = _member(request)
    if _send_verification(request, member):
        messages.success(request, f"We sent a new link to {member.email}.")
    elif member.email_verified:
        messages.success(request, "Your e-mail address is already confirmed.")
    else:
        messages.error(request, "Give an e-mail address first.")
    return redirect(reverse("members:settings") + "#email-title")


@require_http_methods(["GET", "HEAD"])
@rate_limited("email-verify", limit=30, window=600)
def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the verification e-mail: works signed in or not (the token
    names the account), and says plainly when it is expired or outdated."""
    member = email_verification.email_verify(token=token[:500])
    response = render(
        request,
        TEMPLATES + "email_verified.html",
        {"verified": member},
        status=200 if member else 400,
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
@rate_limited("token-create", limit=10, window=600)
def token_new(request: HttpRequest) -> HttpResponse:
    """Create an API token and show it once, on this response only."""
    member = _member(request)
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, token_form=form, status=400)
    new = token_create(member, name=form.cleaned_data["name"])
    return _settings_page(request, new_token=new, status=201)


@login_required
@require_POST
@rate_limited("token-revoke", limit=30, window=600)
def token_delete(request: HttpRequest, token_id: int) -> HttpResponse:
    if token_revoke(_member(request), token_id):
        messages.success(request, "The token is revoked: it no longer works.")
    else:
        messages.error(request, "You have no such token.")
    return redirect(reverse("members:settings") + "#tokens")


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("account-delete", limit=5, window=600)
def account_delete(request: HttpRequest) -> HttpResponse:
    """Ask for the password, then delete the account and all it owns."""
    member = _member(request)
    form = AccountDeleteForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        member_delete(member)
        return render(request, TEMPLATES + "deleted.html")
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATES + "delete.html", {"form": form}, status=status)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out log-in (settings.AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        TEMPLATES + "locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response

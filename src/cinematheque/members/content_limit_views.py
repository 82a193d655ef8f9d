"""/me/content-limit/: the member's own content limit setting."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cinematheque.catalogue.certifications import CEILING_CHOICES, content_limit_parse
from cinematheque.members.content_limit import content_limit_set
from cinematheque.members.ratelimit import rate_limited


class ContentLimitForm(forms.Form):
    ceiling = forms.ChoiceField(
        label="Hide films rated above",
        choices=CEILING_CHOICES,
        required=False,
    )
    hide_unknown = forms.BooleanField(
        label="Also hide films whose certification is unknown",
        help_text="Six in seven films of the bundled catalogue have none, of every "
        "decade: ticking this hides them too.",
        required=False,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("content-limit", limit=20, window=60)
def content_limit_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ContentLimitForm(request.POST)
        if form.is_valid():
            content_limit_set(
                user=user,  # type: ignore[arg-type]
                ceiling=form.cleaned_data["ceiling"],
                hide_unknown=form.cleaned_data["hide_unknown"],
            )
            return redirect(_next_page(request) or "members:content_limit")
    else:
        form = ContentLimitForm(
            initial={
                "ceiling": user.content_limit,  # type: ignore[union-attr]
                "hide_unknown": user.content_limit_hides_unknown,  # type: ignore[union-attr]
            }
        )
    limit = content_limit_parse(
        user.content_limit,  # type: ignore[union-attr]
        hide_unknown=user.content_limit_hides_unknown,  # type: ignore[union-attr]
    )
    context = {"form": form, "limit": limit, "next": _next_page(request)}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "members/content_limit.html",
        context,
        status=status,
    )


def _next_page(request: HttpRequest) -> str:
    """Where to go after saving (the film page that was hidden): a path of this site
    only."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""

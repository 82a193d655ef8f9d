"""/watch/services/: the member declares the streaming services they subscribe to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cinematheque.members.models import User
from cinematheque.members.ratelimit import rate_limited
from cinematheque.watch.subscriptions.filters import NAME as FILTER_NAME
from cinematheque.watch.subscriptions.regions import region_for
from cinematheque.watch.subscriptions.services import (
    Provider,
    logo_urls,
    member_services,
    member_services_set,
    provider_choices,
)
from cinematheque.watch.where.countries import country_name

TEMPLATE = "watch/subscriptions/services.html"


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # behind login_required
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("watch-services", limit=30, window=60)
def services(request: HttpRequest) -> HttpResponse:
    """GET: the services of the member's region as checkboxes, theirs ticked.
    POST: save the ticked ones (every service the member has, ticked or not, is
    in the form: what is not ticked is dropped)."""
    member = _member(request)
    if request.method == "POST":
        chosen = request.POST.getlist("provider")
        try:
            member_services_set(user=member, provider_ids=chosen)
        except ValueError as refused:
            return _page(request, member, chosen=set(chosen), error=str(refused))
        messages.success(request, "Your streaming services are saved.")
        return redirect("watch:services")
    return _page(request, member)


def _page(
    request: HttpRequest,
    member: User,
    *,
    chosen: set[str] | None = None,
    error: str = "",
) -> HttpResponse:
    region = region_for(request)
    declared = list(member_services(member))
    ticked = {s.provider_id for s in declared} if chosen is None else chosen
    choices = provider_choices(region)
    offered = {provider.provider_id for provider in choices}
    # Services chosen earlier that have no offer in this region stay in the form,
    # so that saving it does not drop them unseen.
    elsewhere_ids = [s.provider_id for s in declared if s.provider_id not in offered]
    logos = logo_urls(elsewhere_ids)
    elsewhere = [
        Provider(
            provider_id=s.provider_id,
            name=s.provider,
            logo_url=logos.get(s.provider_id, ""),
        )
        for s in declared
        if s.provider_id not in offered
    ]
    context: dict[str, Any] = {
        "region": region,
        "region_name": country_name(region),
        "choices": choices,
        "elsewhere": elsewhere,
        "ticked": ticked,
        "declared": declared,
        "error": error,
        "filtered_films_url": _with_filter("catalogue:film_list"),
        "filtered_watchlist_url": _with_filter("members:my_watchlist"),
    }
    return render(request, TEMPLATE, context, status=400 if error else 200)


def _with_filter(url_name: str) -> str:
    return f"{reverse(url_name)}?{FILTER_NAME}=true"

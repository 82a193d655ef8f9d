"""HTTP caching for public, read-only operations: `Cache-Control: public, max-age=60`
and an ETag of the body, so a client or proxy that asks again with `If-None-Match`
gets a bodiless 304. Only successful GET/HEAD responses are marked cacheable.

Add it to a router of public data with `router.add_decorator(public_cache, mode="view")`;
never to operations whose answer depends on who asks. A member's request (session or
API token) whose content limit filters the answer is marked private instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.film_filters import was_filtered_for_member
from cinematheque.members.tokens import token_user

MAX_AGE_SECONDS = 60


def public_cache(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        identify_token_holder(request)
        response = run(request, *args, **kwargs)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        if content_limit_for(request) is not None or was_filtered_for_member(request):
            # Filtered for this account: no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie", "Authorization"))
            return response
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        if not response.has_header("ETag"):
            set_response_etag(response)
        conditional = get_conditional_response(
            request, etag=response["ETag"], response=response
        )
        return conditional or response

    return wrapped


def identify_token_holder(request: HttpRequest) -> None:
    """A public read sent with a member's API token is read as that member (whose
    content limit then applies); a missing or unknown token reads as a visitor's."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return
    user = token_user(token.strip())
    if user is not None:
        request.user = user


def private_answer(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For operations whose answer depends on who asks (`/me/…`): no shared cache
    or browser keeps it."""

    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped

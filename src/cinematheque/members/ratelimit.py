"""Rate limits for every write endpoint: a fixed window counted in the cache, per
member (or per address for visitors), per scope. Over the limit the request gets a
429 with a `Retry-After` header and a sentence saying when to try again (JSON for
the API and for requests that ask for JSON, a page otherwise)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from cinematheque.members.client_address import client_address

View = TypeVar("View", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def client_key(request: HttpRequest) -> str:
    """Who is counted: the member, else the address the request came from."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


def hit(scope: str, who: str, *, limit: int, window: int) -> int:
    """Count one request; return 0 when allowed, else seconds until the window ends."""
    now = int(time.time())
    window_start = now - now % window
    key = f"ratelimit:{scope}:{who}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return 0 if count <= limit else window_start + window - now


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = f"Too many requests. Try again in {retry_after} seconds."
    wants_json = request.path.startswith("/api/") or "json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        # The API's error shape (api/errors.py ErrorOut).
        error = {"status": 429, "title": "Too Many Requests", "detail": message}
        response: HttpResponse = JsonResponse(error | {"errors": []}, status=429)
    else:
        page = render_to_string(
            "members/rate_limited.html", {"message": message}, request
        )
        response = HttpResponse(page, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(
    scope: str, *, limit: int = 60, window: int = 60
) -> Callable[[View], View]:
    """Limit the writes (non-GET requests) of a view to `limit` per `window` seconds."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method not in SAFE_METHODS:
                retry_after = hit(
                    scope, client_key(request), limit=limit, window=window
                )
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as `view`

    return decorate

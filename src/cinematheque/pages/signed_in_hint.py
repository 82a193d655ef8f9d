"""A cookie that tells a page's script whether to ask for its personal parts.

The session cookie is HttpOnly, so a cached page's script cannot see it. This
middleware keeps a second cookie, `SIGNED_IN_HINT_COOKIE` = "1", on the browsers
of signed-in people and removes it when they are signed out: it holds no secret
(the personal endpoints still check the session), it only spares every visitor's
page a request to `/personal/site/`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from cinematheque.pages.cookie_names import read_site_cookie, site_cookie

SIGNED_IN_HINT_COOKIE = "signed_in"
"""Set as `__Host-signed_in` behind HTTPS (pages/cookie_names.py)."""


class SignedInHintMiddleware:
    """After AuthenticationMiddleware: set or remove the hint to match the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "HTTP_AUTHORIZATION" in request.META:
            return response  # an API client with a token: no browser to hint
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        has_hint = read_site_cookie(request, SIGNED_IN_HINT_COOKIE) is not None
        if signed_in and not has_hint:
            response.set_cookie(
                site_cookie(SIGNED_IN_HINT_COOKIE),
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        elif has_hint and not signed_in:
            for name in {SIGNED_IN_HINT_COOKIE, site_cookie(SIGNED_IN_HINT_COOKIE)}:
                if name in request.COOKIES:
                    response.delete_cookie(name, samesite="Lax")
        return response

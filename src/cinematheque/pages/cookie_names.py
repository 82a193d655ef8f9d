"""The names of the site's own cookies (besides Django's session and CSRF cookies).

Served over HTTPS (`CINEMATHEQUE_HTTPS`), every cookie is Secure and carries the
`__Host-` prefix (OWASP ASVS 5.0 3.3.1): a browser then refuses it over plain HTTP,
from another host or for another path. The scripts that read these cookies accept
both names, so a page keeps working while a browser still holds an older one.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

HOST_PREFIX = "__Host-"


def site_cookie(name: str) -> str:
    """The name the cookie `name` is set under: `__Host-name` behind HTTPS."""
    return f"{HOST_PREFIX}{name}" if settings.HTTPS else name


def read_site_cookie(request: HttpRequest, name: str) -> str | None:
    """The value of the cookie `name` under either of its names."""
    return request.COOKIES.get(f"{HOST_PREFIX}{name}", request.COOKIES.get(name))


def site_cookie_secure(request: HttpRequest) -> bool:
    """Whether to mark a cookie Secure: always behind HTTPS (the prefix needs it)."""
    return bool(settings.HTTPS) or request.is_secure()

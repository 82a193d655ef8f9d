"""The personal parts of a cached film page: a small JSON endpoint that `personal.js`
calls after the page loads, and fills into the page's `data-personal="name"`
elements. Every visitor gets the same cached HTML; what depends on who is looking
(a member's rating, watchlist, region…) comes from here, never from the page.

Apps add fields with `register_personal_field(name, read, write=None)`:
`read(request, film)` returns a JSON value; `write(request, film, value)`, if given,
lets the page POST a new value (with the CSRF token this endpoint returns). A write
refuses a value by raising ValueError (400) or PermissionDenied (403) with a message
for the person; a refused request changes nothing.

Every page (not only films) has personal parts too: the header's account menu.
`site_personal` answers them at /personal/site/, with the fields apps add with
`register_site_personal_field(name, read)` (`read(request)`). A page asks for them
only when the browser holds the `SIGNED_IN_HINT_COOKIE`, a cookie without any
secret that `SignedInHintMiddleware` keeps in step with the session: visitors'
pages, served from the cache, cost no second request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, JsonResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods

Read = Callable[[HttpRequest, Any], Any]
Write = Callable[[HttpRequest, Any, Any], None]


@dataclass(frozen=True)
class PersonalField:
    name: str
    read: Read
    write: Write | None = None


_fields: dict[str, PersonalField] = {}


def register_personal_field(name: str, read: Read, write: Write | None = None) -> None:
    """Add a field to every film's personal JSON (and its `data-personal="name"`
    elements on the page). `read` runs for every request, signed in or not."""
    _fields[name] = PersonalField(name=name, read=read, write=write)


def unregister_personal_field(name: str) -> None:
    _fields.pop(name, None)


def _member(request: HttpRequest, film: Any) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"signed_in": False, "name": ""}
    return {"signed_in": True, "name": user.get_short_name() or user.get_username()}


register_personal_field("member", _member)


SiteRead = Callable[[HttpRequest], Any]
_site_fields: dict[str, SiteRead] = {}


def register_site_personal_field(name: str, read: SiteRead) -> None:
    """Add a field to the personal JSON of every page (`/personal/site/`)."""
    _site_fields[name] = read


def unregister_site_personal_field(name: str) -> None:
    _site_fields.pop(name, None)


def _signed_in(request: HttpRequest) -> dict[str, Any]:
    return _member(request, None)


register_site_personal_field("member", _signed_in)


def personal_csrf_token(request: HttpRequest) -> str:
    """The CSRF token for a page's personal parts.

    A cached page sets no CSRF cookie, so a browser without one may ask two personal
    endpoints at once (the header's menu and the film's fields). Each would make a new
    secret, the cookie would keep the last, and the other's token would be refused.
    A signed-in browser's missing secret is therefore derived from its session, so
    that every concurrent answer sets the same cookie.
    """
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if "CSRF_COOKIE" not in request.META and session_key:
        digest = salted_hmac(
            "cinematheque.personal.csrf",
            session_key,
            secret=settings.SECRET_KEY,
            algorithm="sha256",  # 32 bytes: one per character of the secret
        ).digest()
        request.META["CSRF_COOKIE"] = "".join(
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in digest[:CSRF_SECRET_LENGTH]
        )
    return get_token(request)


@require_http_methods(["GET", "HEAD"])
def site_personal(request: HttpRequest) -> JsonResponse:
    """The personal parts of every page and a CSRF token for its forms (the
    header's log-out form)."""
    fields = {name: read(request) for name, read in _site_fields.items()}
    return _personal_response(
        {"csrf_token": personal_csrf_token(request), "fields": fields}
    )


def _film_or_404(slug: str) -> Model:
    # Looked up by name: the page layer imports no domain app (they import it).
    film_model = apps.get_model("catalogue", "Film")
    film = film_model.objects.filter(slug=slug).first()
    if film is None:
        raise Http404("No film has this address.")
    return film


def _personal_response(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)  # includes no-store and private
    patch_vary_headers(response, ("Cookie",))
    return response


def _values(request: HttpRequest, film: Any) -> dict[str, Any]:
    return {name: field.read(request, film) for name, field in _fields.items()}


@require_http_methods(["GET", "HEAD", "POST"])
def film_personal(request: HttpRequest, slug: str) -> JsonResponse:
    """GET: the fields for this film and the CSRF token for later POSTs.
    POST (JSON object of field → value): save the writable fields, answer as GET."""
    film = _film_or_404(slug)
    if request.method == "POST":
        status, errors = _write(request, film)
        if errors:
            return _personal_response({"errors": errors}, status=status)
    return _personal_response(
        {"csrf_token": personal_csrf_token(request), "fields": _values(request, film)}
    )


def _write(request: HttpRequest, film: Any) -> tuple[int, dict[str, str]]:
    """(HTTP status, errors by field); no errors when every change was saved."""
    try:
        changes = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return 400, {"body": "Send a JSON object of field names and values."}
    if not isinstance(changes, dict):
        return 400, {"body": "Send a JSON object of field names and values."}
    errors = {
        name: "No such field, or it cannot be changed."
        for name in changes
        if name not in _fields or _fields[name].write is None
    }
    if errors:
        return 400, errors
    try:
        with transaction.atomic():
            for name, value in changes.items():
                write = _fields[name].write
                if write is not None:
                    _write_field(write, request, film, name, value)
    except _Refused as refused:
        return refused.status, {refused.name: refused.message}
    return 200, {}


class _Refused(Exception):
    def __init__(self, status: int, name: str, message: str) -> None:
        super().__init__(message)
        self.status, self.name, self.message = status, name, message


def _write_field(
    write: Write, request: HttpRequest, film: Any, name: str, value: Any
) -> None:
    try:
        write(request, film, value)
    except PermissionDenied as denied:
        raise _Refused(403, name, str(denied) or "You may not change this.") from None
    except ValueError as refused:
        raise _Refused(400, name, str(refused) or "This value is not valid.") from None

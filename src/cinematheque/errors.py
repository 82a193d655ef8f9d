"""The site's answers to bad requests and failures: the friendly 400, 414 and 500
pages (templates/400.html, 414.html, 500.html), or the API's JSON error body for
any URL under /api/.

`bad_request` and `server_error` are the project's handler400 and handler500 (see
urls.py); `QueryStringLimitMiddleware` answers over-long query strings with the 414
page before any view parses them, `RequestBodyLimitMiddleware` over-large bodies with
the 413 page before anything reads them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from cinematheque.api.errors import (
    BAD_REQUEST_DETAIL,
    SERVER_ERROR_DETAIL,
    json_error,
)
from cinematheque.catalogue.parameters import ParameterError

# Longer query strings get the 414 page. A search box sends at most a few hundred
# characters (maxlength) and the browse filters a few dozen; gunicorn's request line
# limit (8190, set by `cinematheque serve`) is well above this, so people see the
# site's page rather than the server's.
MAX_QUERY_STRING = 4094


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: the parameter's message when a ParameterError reached here (a
    message written for users), a generic one for other bad requests."""
    if isinstance(exception, ParameterError):
        detail = f"{exception.field}: {exception.message}"
    else:
        detail = BAD_REQUEST_DETAIL
    if _is_api(request):
        return json_error(400, detail)
    message = exception.message if isinstance(exception, ParameterError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/, else Django's own view rendering 500.html."""
    if _is_api(request):
        return json_error(500, SERVER_ERROR_DETAIL)
    return defaults.server_error(request)


def uri_too_long(request: HttpRequest) -> HttpResponse:
    """The 414 answer for a query string longer than MAX_QUERY_STRING."""
    length = len(request.META.get("QUERY_STRING", ""))
    if _is_api(request):
        return json_error(
            414,
            f"The query string has {length} characters; the limit is "
            f"{MAX_QUERY_STRING}.",
        )
    context = {"length": length, "limit": MAX_QUERY_STRING}
    return render(request, "414.html", context, status=414)


class QueryStringLimitMiddleware:
    """Answer query strings longer than MAX_QUERY_STRING characters with a 414."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return uri_too_long(request)
        return self.get_response(request)


def request_too_large(request: HttpRequest, size: int) -> HttpResponse:
    """The 413 answer for a body over settings.MAX_REQUEST_BODY_BYTES."""
    limit = settings.MAX_REQUEST_BODY_BYTES
    if _is_api(request):
        return json_error(
            413, f"The request body has {size} bytes; the limit is {limit}."
        )
    return render(request, "413.html", {"size": size, "limit": limit}, status=413)


class RequestBodyLimitMiddleware:
    """Answer a request whose Content-Length is over MAX_REQUEST_BODY_BYTES with a
    413 before the CSRF check or a view reads (and spools to disk) its body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads such a body as empty
        if size > settings.MAX_REQUEST_BODY_BYTES:
            return request_too_large(request, size)
        return self.get_response(request)

"""The site's answers to bad requests and failures: the friendly 400, 414, 500 and
503 pages (jinja2/400.html, 413.html, 414.html, 500.html, 503.html), or the API's JSON
error body for any URL under /api/.

`bad_request` and `server_error` are the project's handler400 and handler500 (see
urls.py); `QueryStringLimitMiddleware` answers over-long query strings with the 414
page before any view parses them, `RequestBodyLimitMiddleware` over-large bodies with
the 413 page before anything reads them. A database that does not answer (stopped,
restarting, unreachable, or SQLite busy past its timeout) is a 503 with
`Retry-After`, not a 500: `DatabaseUnavailableMiddleware` turns it into one when a
view fails, `server_error` when a middleware does (the session, the member).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

from cinematheque.api.errors import (
    BAD_REQUEST_DETAIL,
    DATABASE_UNAVAILABLE_DETAIL,
    RETRY_AFTER_SECONDS,
    SERVER_ERROR_DETAIL,
    database_unavailable,
    json_error,
)
from cinematheque.catalogue.parameters import ParameterError

# Longer query strings get the 414 page. A search box sends at most a few hundred
# characters (maxlength) and the browse filters a few dozen; gunicorn's request line
# limit (8190, set by `cinematheque serve`) is well above this, so people see the
# site's page rather than the server's.
MAX_QUERY_STRING = 4094
logger = logging.getLogger("django.request")  # where Django logs failed requests


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
    """handler500: the 503 answer when the database did not answer, else JSON under
    /api/, else Django's own view rendering 500.html."""
    # Django calls the handler while it handles the exception: it is still current.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if _is_api(request):
        return json_error(500, SERVER_ERROR_DETAIL)
    return defaults.server_error(request)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, else the friendly page. The page is
    rendered without the request's context processors, which read the database."""
    if _is_api(request):
        response: HttpResponse = json_error(503, DATABASE_UNAVAILABLE_DETAIL)
    else:
        page = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that failed because the database does not answer gets the 503
    answer (in DEBUG too, where handler500 is not used)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if database_unavailable(exception):
            logger.warning(
                "Service Unavailable (the database does not answer: %s): %s",
                type(exception).__name__,
                request.path,
            )
            return service_unavailable(request)
        return None


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

"""Every error the API returns is JSON `{status, title, detail, errors}` (ErrorOut).

Registered on the NinjaAPI by `register(api)`; bad parameters always get a 4xx with a
message, never a 500. An unexpected failure inside an operation is logged and
answered with a JSON 500; failures outside one (middleware, URL resolution) reach
the site's handler500 (cinematheque.errors), which answers JSON under /api/ too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cinematheque.catalogue.parameters import ParameterError

INVALID_REQUEST = "Invalid request parameters"
BAD_REQUEST_DETAIL = "The request could not be understood (too many parameters?)."
SERVER_ERROR_DETAIL = (
    "The server failed to answer this request. The error has been logged; trying "
    "again in a moment often helps."
)
DATABASE_UNAVAILABLE_DETAIL = (
    "The database does not answer at the moment (it may be restarting). Try again "
    "in a few seconds; Retry-After says when."
)
RETRY_AFTER_SECONDS = 10
# SQLite's OperationalError also names mistakes in a query ("no such column: x",
# 'near "x": syntax error'): those stay 500s.
SQLITE_QUERY_MISTAKE_START = "no such "
SQLITE_QUERY_MISTAKE = "syntax error"
logger = logging.getLogger("django.request")  # where Django logs its own 500s


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database does not answer (refused, closed, shutting
    down, unreachable, busy) rather than that a query is wrong."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    message = str(error)
    return not (
        message.startswith(SQLITE_QUERY_MISTAKE_START)
        or SQLITE_QUERY_MISTAKE in message
    )


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    detail: str,
    errors: Iterable[dict[str, Any]] = (),
    title: str | None = None,
) -> HttpResponse:
    """Render an ErrorOut body with the given status."""
    body = {
        "status": status,
        "title": title or HTTPStatus(status).phrase,
        "detail": detail,
        "errors": list(errors),
    }
    return api.create_response(request, body, status=status)


def _validation_error(
    request: HttpRequest, exc: ValidationError, *, api: NinjaAPI
) -> HttpResponse:
    errors = [_error_item(error) for error in exc.errors]
    detail = " ".join(
        f"{_field_name(item['loc'])}: {_sentence(item['message'])}" for item in errors
    )
    return error_response(
        api,
        request,
        status=400,
        title=INVALID_REQUEST,
        detail=detail or "The request is not valid.",
        errors=errors,
    )


def _parameter_error(
    request: HttpRequest, exc: ParameterError, *, api: NinjaAPI
) -> HttpResponse:
    return error_response(
        api,
        request,
        status=400,
        title=INVALID_REQUEST,
        detail=f"{exc.field}: {exc.message}",
        errors=[
            {"loc": ["query", exc.field], "message": exc.message, "type": "invalid"}
        ],
    )


def _not_found(request: HttpRequest, exc: Http404, *, api: NinjaAPI) -> HttpResponse:
    # Http404 raised by our routers carries a message written for API users; Django's
    # own (resolver) messages are not, so those get a generic one.
    message = str(exc) if exc.args and isinstance(exc.args[0], str) else ""
    return error_response(
        api, request, status=404, detail=message or "No such resource."
    )


def _permission_denied(
    request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI
) -> HttpResponse:
    return error_response(
        api,
        request,
        status=403,
        detail=str(exc) or "You may not access this resource.",
    )


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    status = exc.status_code
    response = error_response(api, request, status=status, detail=str(exc))
    wait = getattr(exc, "wait", None)  # ninja.errors.Throttled
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _unauthorised(
    request: HttpRequest, exc: AuthenticationError, *, api: NinjaAPI
) -> HttpResponse:
    response = error_response(
        api,
        request,
        status=401,
        detail="Send an API token: 'Authorization: Bearer <token>'.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _bad_request(
    request: HttpRequest, exc: BadRequest | SuspiciousOperation, *, api: NinjaAPI
) -> HttpResponse:
    # Raised by Django while reading the request (e.g. TooManyFieldsSent); Django
    # would answer 400 had the operation not caught it.
    return error_response(api, request, status=400, detail=BAD_REQUEST_DETAIL)


def _server_error(
    request: HttpRequest, exc: Exception, *, api: NinjaAPI
) -> HttpResponse:
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    return error_response(api, request, status=500, detail=SERVER_ERROR_DETAIL)


def _database_error(
    request: HttpRequest, exc: Exception, *, api: NinjaAPI
) -> HttpResponse:
    if not database_unavailable(exc):
        return _server_error(request, exc, api=api)
    logger.warning("Service Unavailable (the database): %s", request.path)
    response = error_response(
        api, request, status=503, detail=DATABASE_UNAVAILABLE_DETAIL
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def register(api: NinjaAPI) -> None:
    """Install the JSON error handlers on `api`."""
    api.add_exception_handler(Exception, partial(_server_error, api=api))
    api.add_exception_handler(BadRequest, partial(_bad_request, api=api))
    api.add_exception_handler(SuspiciousOperation, partial(_bad_request, api=api))
    api.add_exception_handler(ValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(ParameterError, partial(_parameter_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(_permission_denied, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(AuthenticationError, partial(_unauthorised, api=api))
    api.add_exception_handler(OperationalError, partial(_database_error, api=api))
    api.add_exception_handler(InterfaceError, partial(_database_error, api=api))


def _error_item(error: dict[str, Any]) -> dict[str, Any]:
    loc = [
        part if isinstance(part, int) else str(part) for part in error.get("loc", ())
    ]
    return {
        "loc": loc,
        "message": str(error.get("msg", "Invalid value.")),
        "type": str(error.get("type", "invalid")),
    }


def _field_name(loc: list[str | int]) -> str:
    # ["query", "limit"] -> "limit"; ["body", "payload", "score"] -> "payload.score"
    parts = [str(part) for part in loc[1:]] or [str(part) for part in loc]
    return ".".join(parts) or "request"


def _sentence(message: str) -> str:
    return message if message.endswith(".") else f"{message}."


def endpoint_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """JSON 404 for any /api/ URL that no operation matches (instead of the HTML page),
    pointing at the URL without its trailing slash when that one exists."""
    detail = f"No API endpoint at {request.path}."
    if request.path.endswith("/"):
        try:
            resolve(request.path.rstrip("/"))
        except Resolver404:
            pass
        else:
            detail += f" Did you mean {request.path.rstrip('/')}?"
    return json_error(404, detail)


def json_error(status: int, detail: str) -> JsonResponse:
    """An ErrorOut body outside an API operation (URL resolution, middleware)."""
    body = {
        "status": status,
        "title": HTTPStatus(status).phrase,
        "detail": detail,
        "errors": [],
    }
    return JsonResponse(body, status=status)

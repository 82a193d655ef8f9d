"""Serve visitors' pages from the whole-page cache (see `pages/cache.py`).

`PageCacheMiddleware` is placed after WhiteNoise (static files never reach it) and
before the session, CSRF and authentication middleware: a hit skips all of them and
the URL resolver. `MemberPageCacheMiddleware`, after authentication, gives signed-in
members the same stored copy (their own parts come from pages/personal.py); only
visitors' renders are ever stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from cinematheque.pages import cache as page_cache
from cinematheque.pages.cache import CachedPage, Entry

# Browsers keep a visitor page a minute: going back and forth between a film and
# the people in it costs no request, and an edit reaches a returning visitor
# within a minute. Shared caches (the shipped nginx, a CDN) keep it 10 s: they
# cannot be told that a page changed, so this bounds how long an edit waits
# there, while a burst of thousands of requests a second still reaches the app
# once per page per 10 s.
BROWSER_SECONDS = 60
PROXY_SECONDS = 10
# How long a request waits for another worker rendering the same missing page
# before rendering it itself (a film page renders in about 10 ms).
WAIT_SECONDS = 2.0
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
NOT_STORED_HEADERS = {"set-cookie", "x-cache", "date", "expires"}


def is_visitor_request(request: HttpRequest) -> bool:
    """A GET or HEAD from someone without a session: the same page for everyone."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in {"GET", "HEAD"}
        # No page has a NUL in its address, and PostgreSQL refuses one in the
        # lookups that find what a page shows: the view answers it with its 4xx.
        and "\x00" not in request.path
        and "HTTP_AUTHORIZATION" not in request.META
        and (
            "HTTP_COOKIE" not in request.META
            or settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
    )


def is_storable(response: HttpResponseBase) -> bool:
    """Only a plain 200 that sets no cookie and does not forbid caching: error
    pages, redirects, forms (they set the CSRF cookie) and private answers are not."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = response.get("Cache-Control", "").lower()
    return not any(word in directives for word in ("private", "no-store", "no-cache"))


def entry_from(response: HttpResponse, versions: dict[str, str]) -> Entry:
    """The response as stored, with the headers of a visitor page worked out once
    (a hit only copies them)."""
    content = response.content
    etag = f'"{page_cache.content_hash(content)}"'
    last_modified = page_cache.now()
    patch_cache_control(
        response, public=True, max_age=BROWSER_SECONDS, s_maxage=PROXY_SECONDS
    )
    patch_vary_headers(response, ("Cookie",))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Content-Length"] = str(len(content))
    return Entry(
        versions=versions,
        status=response.status_code,
        headers=[
            (name, value)
            for name, value in response.items()
            if name.lower() not in NOT_STORED_HEADERS
        ],
        content=content,
        etag=etag,
        last_modified=last_modified,
    )


def serve(request: HttpRequest, entry: Entry, state: str) -> HttpResponseBase:
    """The stored response (or a 304) with the cache headers of a visitor page."""
    body = b"" if request.method == "HEAD" else entry.content
    response = HttpResponse(body, status=entry.status, headers=dict(entry.headers))
    response["X-Cache"] = state
    if state == "STALE":  # served once while another worker renders: keep it nowhere
        response["Cache-Control"] = "no-cache"
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return response
    conditional = get_conditional_response(
        request,
        etag=entry.etag,
        last_modified=int(entry.last_modified),
        response=response,
    )
    if conditional is not None and conditional is not response:
        conditional["X-Cache"] = state
        return conditional
    return response


def current_entry(request: HttpRequest) -> Entry | None:
    """The stored page for this address, if it is up to date."""
    key = page_cache.request_key(request)
    entry = page_cache.entry_get_local(key)
    if entry is not None and entry.is_current():
        return entry
    entry = page_cache.entry_get(key)
    return entry if entry is not None and entry.is_current() else None


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_visitor_request(request):
            return self.for_member(request)
        if page_cache.is_personal_request(request):
            return self.personal(request)
        key = page_cache.request_key(request)
        entry = page_cache.entry_get_local(key)
        if entry is not None and entry.is_current():
            return serve(request, entry, "HIT")
        entry = page_cache.entry_get(key)
        if entry is not None and entry.is_current():
            return serve(request, entry, "HIT")
        page, kwargs = self.cached_page_for(request)
        version_keys = (
            None
            if page is None
            else page_cache.resolved_dependencies(page, request, kwargs)
        )
        if version_keys is None:
            return self.get_response(request)
        return self.render_once(request, key, version_keys, stale=entry)

    def render_once(
        self,
        request: HttpRequest,
        key: str,
        version_keys: list[str],
        stale: Entry | None,
    ) -> HttpResponseBase:
        """Stampede lock: one request renders a missing or outdated page; the others
        get the outdated copy meanwhile, or wait for the new one."""
        if page_cache.lock_acquire(key):
            try:
                entry = page_cache.entry_get(key)  # by the previous lock holder?
                if entry is not None and entry.is_current():
                    return serve(request, entry, "HIT")
                return self.render(request, key, version_keys)
            finally:
                page_cache.lock_release(key)
        if stale is not None:
            return serve(request, stale, "STALE")
        entry = page_cache.wait_for_entry(key, WAIT_SECONDS)
        if entry is not None:
            return serve(request, entry, "HIT")
        return self.render(request, key, version_keys)

    def for_member(self, request: HttpRequest) -> HttpResponseBase:
        """Render as usual; a page for someone signed in is kept by no shared cache."""
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_vary_headers(response, ("Cookie",))
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
        return response

    def personal(self, request: HttpRequest) -> HttpResponseBase:
        """A visitor's request with a personal parameter (`?on_my_services=`):
        answered as rendered, kept by no shared cache."""
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def cached_page_for(
        self, request: HttpRequest
    ) -> tuple[CachedPage | None, dict[str, Any]]:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, {}
        return page_cache.cached_page(match.view_name), match.kwargs

    def render(
        self, request: HttpRequest, key: str, version_keys: list[str]
    ) -> HttpResponseBase:
        """Render the page (versions read first: a change made during the render
        makes the stored copy out of date at once) and store it if it may be."""
        versions = page_cache.current_versions(version_keys)
        # The view answers in full; the conditional answer is ours, from the entry.
        conditional = {
            name: request.META.pop(name)
            for name in CONDITIONAL_HEADERS
            if name in request.META
        }
        with page_cache.previous_versions_watched() as watch:
            response = self.get_response(request)
        request.META.update(conditional)
        if not isinstance(response, HttpResponse) or not is_storable(response):
            return response
        if watch.served:  # the next request renders it with the new lists
            return response
        entry = entry_from(response, versions)
        page_cache.entry_set(key, entry)
        return serve(request, entry, "MISS")


def is_member_read(request: HttpRequest) -> bool:
    """A GET or HEAD of a signed-in member's browser (a session, no API token)."""
    user = getattr(request, "user", None)
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in {"GET", "HEAD"}
        and "\x00" not in request.path
        and "HTTP_AUTHORIZATION" not in request.META
        and user is not None
        and user.is_authenticated
    )


class MemberPageCacheMiddleware:
    """After AuthenticationMiddleware: a signed-in member gets the stored visitors'
    copy of a page while it is current (unless an app's member check says this
    member must not: `page_cache.register_member_check`), marked private so that no
    shared cache keeps it. A miss renders for the member and stores nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_member_read(request) and page_cache.may_share_with_member(request):
            entry = current_entry(request)
            if entry is not None:
                response = serve(request, entry, "HIT")
                response["Cache-Control"] = "private, no-cache"
                return response
        return self.get_response(request)

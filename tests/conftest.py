"""Shared fixtures. Tests never reach the network: only loopback and Unix sockets connect."""

from __future__ import annotations

import io
import ipaddress
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from tests import factories

# Playwright's sync API keeps an event loop in the main thread once the browser starts;
# Django refuses database calls from a thread with a running loop unless told it is
# safe, and it is: that loop only drives the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]

_real_connect = socket.socket.connect


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RuntimeError(f"Tests may not reach the network (tried {address!r})")
    _real_connect(self, address)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    _instrument_jinja2_templates()


def _instrument_jinja2_templates() -> None:
    """Django's test client learns a response's templates and contexts from the
    `template_rendered` signal, which only Django's own engine sends (through the
    test environment's instrumented render); the public pages' Jinja2 templates send
    it too in tests, so `response.templates` and `response.context` work for them."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    original = backend.Template.render

    def render(self: Any, context: dict | None = None, request: Any = None) -> str:
        context = {} if context is None else context
        html = original(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    backend.Template.render = render  # type: ignore[method-assign]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the full bundled catalogue last: once it is loaded it stays in
    the test database for the rest of the session, and no other test sees it."""
    items.sort(key=lambda item: item.get_closest_marker("bundled") is not None)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the page cache's versions and pages of
    one test's rows must not answer for another test's rows with the same ids (nor a
    film id remembered for a slug)."""
    from django.core.cache import cache

    from cinematheque.catalogue.page_cache import forget_film_ids

    cache.clear()
    forget_film_ids()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def bundled_catalogue(django_db_setup, django_db_blocker):
    """The whole bundled open catalogue, imported once per session (mark tests that use
    it with @pytest.mark.bundled so they run after every other test)."""
    from cinematheque.catalogue.models import Film

    with django_db_blocker.unblock():
        if not Film.objects.filter(wikidata_id="Q42198").exists():
            call_command(
                "import_open_catalogue", skip_recommendations=True, stdout=io.StringIO()
            )
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def source(db):
    return factories.make_source()


@pytest.fixture
def film(db):
    return factories.make_film()


@pytest.fixture
def person(db):
    return factories.make_person()


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """Debian's Chromium driven by Playwright, one per session: the sync API cannot run
    two instances in one thread, so every browser test shares this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()

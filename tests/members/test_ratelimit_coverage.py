"""Every write endpoint is rate limited: with every client over its limit, each
route of the site (the walk of the privacy matrix) and each API operation that
changes something answers a POST (or its own write method) with 429, as the
member whose rows the URL names, so no check refuses them first. A route that
only reads answers 405 to a POST. A new write route without a rate limit fails
here."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from cinematheque.api.routers import me_ratings, me_services
from cinematheque.members import ratelimit
from cinematheque.members.models import User
from cinematheque.members.tokens import token_create
from tests.members.test_idor_matrix import (
    FORM,
    PERMITTED,
    STAFF,
    World,
    administrator,
    api_body,
    api_operations,
    api_url,
    is_admin,
    is_api_operation,
    rule_of,
    site_routes,
    web_url,
    world,  # noqa: F401  (the matrix's fixture)
)

pytestmark = pytest.mark.django_db

READ_ONLY = {405}
"""What a route that changes nothing answers a POST."""

API_ROUTES = ("api-v1:", "^api/")
"""The API's own routes (its documents, its 404): its writes are its operations,
checked by the second test."""


@pytest.fixture
def every_client_over_its_limit(monkeypatch) -> None:
    def over_the_limit(scope: str, who: str, *, limit: int, window: int) -> int:
        return 30

    for module in (ratelimit, me_ratings, me_services):
        monkeypatch.setattr(module, "hit", over_the_limit)


def _client_for(rule: str, owner: User) -> Client:
    """The owner, or an administrator where the route is for staff only."""
    cache.clear()
    client = Client()
    client.force_login(administrator() if rule in {STAFF, PERMITTED} else owner)
    return client


def test_every_route_that_takes_a_post_is_rate_limited(
    world: World,  # noqa: F811
    every_client_over_its_limit: None,
) -> None:
    schema_paths = {path for _, path, _ in api_operations()}
    unlimited = []
    for route in site_routes():
        if is_admin(route.key) or is_api_operation(route, schema_paths):
            continue
        if route.key.startswith(API_ROUTES):
            continue
        rule = rule_of(route)
        response = _client_for(rule, world.owner).post(web_url(route, world), FORM)
        if response.status_code not in READ_ONLY | {429}:
            unlimited.append(f"{route.key} ({rule}): {response.status_code}")
    assert unlimited == [], "\n".join(unlimited)


def test_every_api_operation_that_writes_is_rate_limited(
    world: World,  # noqa: F811
    every_client_over_its_limit: None,
) -> None:
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(world.owner).plain}"}
    unlimited = []
    for method, path, operation_id in api_operations():
        if method == "GET":
            continue
        body = api_body(operation_id, world)
        if operation_id == "setMyServices":
            body = {"provider_ids": []}
        cache.clear()
        response = Client().generic(
            method,
            api_url(path, world),
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            **bearer,
        )
        if response.status_code != 429:
            unlimited.append(
                f"{method} {path} ({operation_id}): {response.status_code}"
            )
    assert unlimited == [], "\n".join(unlimited)

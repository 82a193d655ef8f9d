"""/watch/services/ and /api/v1/me/services: a member declares the streaming services
they subscribe to; only their own, only providers that exist."""

from __future__ import annotations

import re
import types

import pytest
from django.test import Client

from cinematheque.members import ratelimit
from cinematheque.members.tokens import token_create
from cinematheque.watch.models import MemberService
from tests.watch.conftest import MUBI, NETFLIX, TUBI, declare

URL = "/watch/services/"
API = "/api/v1/me/services"


def services_of(user) -> set[str]:
    return set(
        MemberService.objects.filter(user=user).values_list("provider_id", flat=True)
    )


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user).plain}"}


def ticked(content: bytes) -> set[str]:
    found = re.findall(rb'name="provider" value="([^"]+)" checked', content)
    return {value.decode() for value in found}


def offered(content: bytes) -> list[str]:
    return [
        v.decode() for v in re.findall(rb'name="provider" value="([^"]+)"', content)
    ]


# --- The page ------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in(client, world):
    for response in (client.get(URL), client.post(URL, {"provider": NETFLIX})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/watch/services/")
    assert not MemberService.objects.exclude(user__in=[world.ada, world.bruno]).exists()


def test_the_page_offers_the_streaming_services_of_the_members_region(client, world):
    client.force_login(world.ada)
    response = client.get(URL)
    assert response.status_code == 200
    # US streaming offers in TMDB's display order; MUBI streams in France only, and
    # Canal+ only sells there. A rental (Netflix's Lantern) makes no film count.
    assert offered(response.content) == [NETFLIX, TUBI]
    assert ticked(response.content) == {NETFLIX, TUBI}
    assert b"Tubi TV" in response.content
    assert b"1 film" in response.content
    assert b"/logo-8.jpg" in response.content
    assert "private" in response["Cache-Control"]

    client.force_login(world.bruno)  # region FR
    content = client.get(URL).content
    assert offered(content) == [MUBI]
    assert ticked(content) == {MUBI}


def test_declaring_services_with_the_form(client, world):
    client.force_login(world.carla)
    assert ticked(client.get(URL).content) == set()
    response = client.post(URL, {"provider": [NETFLIX, TUBI]})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert services_of(world.carla) == {NETFLIX, TUBI}
    page = client.get(URL)
    assert b"Your streaming services are saved." in page.content
    assert ticked(page.content) == {NETFLIX, TUBI}
    assert b"/films/?on_my_services=true" in page.content
    client.post(URL, {"provider": [TUBI]})
    assert services_of(world.carla) == {TUBI}
    client.post(URL, {})
    assert services_of(world.carla) == set()
    # Other members' services are untouched.
    assert services_of(world.ada) == {NETFLIX, TUBI}
    assert services_of(world.bruno) == {MUBI}


def test_a_service_of_another_country_can_be_chosen_and_is_kept(client, world):
    """MUBI streams in France: Ada (US) may still have it (a PUT, a trip), and the
    page keeps it in the form so that saving does not drop it unseen."""
    declare(world.ada, (MUBI, "MUBI"))
    client.force_login(world.ada)
    content = client.get(URL).content
    assert b"Also chosen, not streaming in United States" in content
    assert ticked(content) == {NETFLIX, TUBI, MUBI}
    client.post(URL, {"provider": [NETFLIX, TUBI, MUBI]})
    assert services_of(world.ada) == {NETFLIX, TUBI, MUBI}
    client.post(URL, {"provider": [NETFLIX]})
    assert services_of(world.ada) == {NETFLIX}


@pytest.mark.parametrize(
    "bad", ["999", "", "x" * 300, "8' OR 1=1 --", "<script>alert(1)</script>"]
)
def test_an_unknown_provider_is_refused_and_nothing_changes(client, world, bad):
    client.force_login(world.ada)
    response = client.post(URL, {"provider": [TUBI, bad]})
    if bad == "":  # an empty box is no choice at all
        assert response.status_code == 302
        assert services_of(world.ada) == {TUBI}
        return
    assert response.status_code == 400
    assert b"Unknown streaming service id" in response.content
    assert b"<script>alert" not in response.content
    assert services_of(world.ada) == {NETFLIX, TUBI}
    # The form shows what was sent, to correct.
    assert ticked(response.content) == {TUBI}


def test_the_form_needs_its_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.carla)
    refused = browser.post(URL, {"provider": [NETFLIX]})
    assert refused.status_code == 403
    assert services_of(world.carla) == set()
    page = browser.get(URL)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    response = browser.post(
        URL, {"provider": [NETFLIX], "csrfmiddlewaretoken": token.group(1).decode()}
    )
    assert response.status_code == 302
    assert services_of(world.carla) == {NETFLIX}


def test_saving_is_rate_limited(client, world, monkeypatch):
    monkeypatch.setattr(
        ratelimit, "time", types.SimpleNamespace(time=lambda: 1_000_030.0)
    )
    client.force_login(world.carla)
    for _ in range(30):
        assert client.post(URL, {"provider": [NETFLIX]}).status_code == 302
    response = client.post(URL, {"provider": [TUBI]})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert services_of(world.carla) == {NETFLIX}
    assert client.get(URL).status_code == 200  # reading is not limited


def test_the_page_is_linked_from_the_settings_page_and_the_account_menu(client, world):
    client.force_login(world.carla)
    assert b'href="/watch/services/"' in client.get("/accounts/settings/").content
    account = client.get("/personal/site/").json()["fields"]["account"]
    assert account["links"]["services"] == URL


def test_a_region_without_offers_says_so(client, world):
    world.carla.region = "JP"
    world.carla.save(update_fields=["region"])
    client.force_login(world.carla)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"No streaming offers are known for Japan yet" in response.content


# --- The API -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_api_needs_a_member(client, world, method):
    response = getattr(client, method)(
        API, {"provider_ids": [NETFLIX]}, content_type="application/json"
    )
    assert response.status_code == 401


def test_the_api_lists_the_members_services_and_the_choices_of_their_region(
    client, world
):
    response = client.get(API, **bearer(world.ada))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["region"] == "US"
    assert [(s["provider_id"], s["provider"]) for s in body["items"]] == [
        (NETFLIX, "Netflix"),
        (TUBI, "Tubi TV"),
    ]
    assert body["items"][0]["logo_url"].endswith("/logo-8.jpg")
    assert [s["provider_id"] for s in body["available"]] == [NETFLIX, TUBI]
    # Another member's token: their own services only.
    other = client.get(API, **bearer(world.bruno)).json()
    assert other["region"] == "FR"
    assert [s["provider_id"] for s in other["items"]] == [MUBI]


def test_the_api_sets_the_services(client, world):
    headers = bearer(world.carla)
    response = client.put(
        API,
        {"provider_ids": [MUBI, NETFLIX]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert [s["provider_id"] for s in response.json()["items"]] == [MUBI, NETFLIX]
    assert services_of(world.carla) == {MUBI, NETFLIX}
    response = client.put(
        API, {"provider_ids": []}, content_type="application/json", **headers
    )
    assert response.json()["items"] == []
    assert services_of(world.carla) == set()
    assert services_of(world.ada) == {NETFLIX, TUBI}


@pytest.mark.parametrize(
    "body",
    [
        {"provider_ids": ["999"]},
        {"provider_ids": [NETFLIX, "12345678901234567890123"]},
        {"provider_ids": [NETFLIX, "8\x00"]},  # PostgreSQL refuses NUL: a 500 once
        {"provider_ids": "8"},
        {"provider_ids": [8]},
        {},
    ],
)
def test_the_api_refuses_unknown_or_malformed_ids_with_400(client, world, body):
    response = client.put(
        API, body, content_type="application/json", **bearer(world.ada)
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert services_of(world.ada) == {NETFLIX, TUBI}


def test_the_api_names_the_unknown_ids(client, world):
    response = client.put(
        API,
        {"provider_ids": [NETFLIX, "999", "1000"]},
        content_type="application/json",
        **bearer(world.ada),
    )
    assert response.status_code == 400
    assert "'1000', '999'" in response.json()["detail"]


def test_the_api_write_from_a_browser_needs_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.carla)
    response = browser.put(
        API, {"provider_ids": [NETFLIX]}, content_type="application/json"
    )
    assert response.status_code in {401, 403}
    assert services_of(world.carla) == set()

"""The whole-page cache as a visitor, a member, an editor and a proxy see it: headers,
conditional requests, what is never cached, and one render for many requests."""

from __future__ import annotations

import threading
import time

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from cinematheque.pages import cache as page_cache
from cinematheque.pages.cache import LISTS, page_cache_forget
from cinematheque.pages.middleware import PageCacheMiddleware
from tests import factories


@pytest.fixture
def heat(db):
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    factories.make_credit(
        film=film, person=factories.make_person(name="Al Pacino", slug="al-pacino")
    )
    return film


FILM = "/films/heat-1995/"


def test_a_visitor_page_is_rendered_once_then_served_from_the_cache(client, heat):
    first = client.get(FILM)
    second = client.get(FILM)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_a_visitor_page_may_be_kept_by_browsers_and_proxies(client, heat):
    response = client.get(FILM)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "s-maxage=10"}
    assert "Cookie" in response["Vary"]
    assert response["Last-Modified"]


def test_head_is_served_from_the_same_copy(client, heat):
    client.get(FILM)
    response = client.head(FILM)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"


def test_if_none_match_gets_a_304_without_a_body(client, heat):
    etag = client.get(FILM)["ETag"]
    response = client.get(FILM, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_on_a_miss_still_gets_a_304(client, heat):
    etag = client.get(FILM)["ETag"]
    page_cache_forget(films=[heat.pk])
    response = client.get(FILM, headers={"If-None-Match": etag})
    assert response.status_code == 304  # same bytes after the render
    assert response["X-Cache"] == "MISS"


def test_if_modified_since_gets_a_304(client, heat):
    last_modified = client.get(FILM)["Last-Modified"]
    response = client.get(FILM, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_a_changed_page_answers_an_old_etag_in_full(client, heat):
    etag = client.get(FILM)["ETag"]
    heat.title = "Heat!"
    heat.save()
    response = client.get(FILM, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_query_string_is_part_of_the_key(client, heat):
    assert client.get("/films/?sort=title")["X-Cache"] == "MISS"
    assert client.get("/films/?sort=-year")["X-Cache"] == "MISS"
    assert client.get("/films/?sort=title")["X-Cache"] == "HIT"


def test_the_api_is_cached_and_keeps_its_json(client, heat):
    client.get(f"/api/v1/films/{heat.pk}")
    response = client.get(f"/api/v1/films/{heat.pk}")
    assert response["X-Cache"] == "HIT"
    assert response.json()["title"] == "Heat"


@pytest.mark.parametrize(
    "url",
    ["/films/no-such-film-1900/", "/films/?page=999", "/api/v1/films/999999"],
)
def test_error_pages_are_never_cached(client, heat, url):
    first = client.get(url)
    assert first.status_code >= 400
    assert "X-Cache" not in client.get(url)
    assert "public" not in first.get("Cache-Control", "")


def test_a_member_never_gets_or_leaves_a_cached_copy(client, heat):
    """Sign in, load, sign out, load: the member's page is not the visitor copy."""
    user = factories.make_user(role="member", username="zebedee-quux")
    client.force_login(user)
    member = client.get(FILM)
    assert "X-Cache" not in member
    assert "private" in member["Cache-Control"]
    assert "Cookie" in member["Vary"]
    client.logout()
    client.cookies.clear()
    visitor = client.get(FILM)
    assert visitor["X-Cache"] == "MISS"  # the member's request stored nothing
    assert "zebedee-quux" not in visitor.content.decode()
    assert client.get(FILM)["X-Cache"] == "HIT"


def test_a_member_after_a_visitor_gets_the_shared_copy_kept_private(client, heat):
    """The page is the same for everyone (the member's own parts come from the
    personal endpoint): a member is served the stored copy, marked private."""
    visitor = client.get(FILM)
    client.force_login(factories.make_user(role="member"))
    member = client.get(FILM)
    assert member["X-Cache"] == "HIT"
    assert member.content == visitor.content
    assert member["Cache-Control"] == "private, no-cache"
    assert (
        client.get(FILM, headers={"If-None-Match": member["ETag"]}).status_code == 304
    )


def test_a_member_with_a_content_limit_gets_a_page_rendered_for_them(client, heat):
    client.get(FILM)
    client.force_login(factories.make_user(role="member", content_limit="PG"))
    assert "X-Cache" not in client.get(FILM)


def test_an_api_token_request_never_gets_the_shared_copy(client, heat):
    client.get(FILM)
    client.force_login(factories.make_user(role="member"))
    response = client.get(FILM, headers={"Authorization": "Bearer x"})
    assert "X-Cache" not in response


def test_the_admin_is_never_cached(client, heat):
    client.get("/admin/login/")
    response = client.get("/admin/login/")
    assert "X-Cache" not in response
    editor = Client()
    editor.force_login(factories.make_user(role="admin"))
    response = editor.get(f"/admin/catalogue/film/{heat.pk}/change/")
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_previews_are_never_cached(heat):
    editor = Client()
    editor.force_login(factories.make_user(role="editor"))
    url = f"/editorial/preview/films/{heat.slug}/"
    assert editor.get(url).status_code == 200
    response = editor.get(url)
    assert "X-Cache" not in response
    assert Client().get(url).status_code in {302, 403, 404}  # and not a cached copy


def test_a_page_with_a_form_is_never_cached(client, heat):
    """A page that sets the CSRF cookie (it renders a form) is personal."""
    assert client.get("/admin/login/").cookies.get("csrftoken")
    assert "X-Cache" not in client.get("/admin/login/")


def test_posts_are_never_served_from_the_cache(client, heat):
    client.get(FILM)
    assert client.post(FILM).status_code == 405


def test_static_files_do_not_reach_the_page_cache(client, db):
    from django.conf import settings

    (settings.STATIC_ROOT / "probe.txt").write_text("static")
    response = client.get("/static/probe.txt")
    content = b"".join(response.streaming_content)
    response.close()
    assert content == b"static"
    assert "X-Cache" not in response  # WhiteNoise answered before the page cache


# --- One render for many requests ----------------------------------------------------


def _slow_page(renders: list[int]):
    def view(request: HttpRequest) -> HttpResponse:
        renders.append(1)
        time.sleep(0.3)
        return HttpResponse(f"render {len(renders)}")

    return view


def _concurrently(middleware: PageCacheMiddleware, count: int) -> list[HttpResponse]:
    results: list[HttpResponse] = []
    barrier = threading.Barrier(count)

    def run() -> None:
        request = RequestFactory().get("/about/")
        barrier.wait()
        results.append(middleware(request))

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_only_one_request_renders_a_missing_page(db):
    renders: list[int] = []
    middleware = PageCacheMiddleware(_slow_page(renders))
    responses = _concurrently(middleware, 6)
    assert len(renders) == 1
    assert {response.content for response in responses} == {b"render 1"}
    assert sorted(response["X-Cache"] for response in responses) == [
        "HIT",
        "HIT",
        "HIT",
        "HIT",
        "HIT",
        "MISS",
    ]


def test_others_get_the_stale_copy_while_one_renders_the_new(db):
    renders: list[int] = []
    middleware = PageCacheMiddleware(_slow_page(renders))
    middleware(RequestFactory().get("/about/"))
    page_cache_forget(lists=True)
    responses = _concurrently(middleware, 5)
    assert len(renders) == 2
    states = sorted(response["X-Cache"] for response in responses)
    assert states == ["MISS", "STALE", "STALE", "STALE", "STALE"]
    stale = next(r for r in responses if r["X-Cache"] == "STALE")
    assert stale.content == b"render 1"
    assert "no-cache" in stale["Cache-Control"]
    assert middleware(RequestFactory().get("/about/")).content == b"render 2"


def test_a_version_evicted_from_the_cache_renders_the_page_again(db):
    renders: list[int] = []
    middleware = PageCacheMiddleware(_slow_page(renders))
    middleware(RequestFactory().get("/about/"))
    from django.core.cache import cache

    cache.delete_many([page_cache.VERSION_PREFIX + LISTS, page_cache.EPOCH])
    assert middleware(RequestFactory().get("/about/"))["X-Cache"] == "MISS"


def test_a_bump_in_another_process_is_seen_through_the_epoch(db):
    renders: list[int] = []
    middleware = PageCacheMiddleware(_slow_page(renders))
    middleware(RequestFactory().get("/about/"))
    from django.core.cache import cache

    # What another process's page_cache_forget(lists=True) writes to the cache:
    cache.set_many({page_cache.VERSION_PREFIX + LISTS: "from-elsewhere"}, None)
    assert middleware(RequestFactory().get("/about/"))["X-Cache"] == "HIT"
    cache.set(page_cache.EPOCH, "moved-elsewhere", None)
    assert middleware(RequestFactory().get("/about/"))["X-Cache"] == "MISS"

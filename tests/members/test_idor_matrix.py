"""The privacy matrix: every URL pattern of the site (a walk of `get_resolver()`) and
every API operation (from the OpenAPI schema) is classified below by who may read
or change what it names, and each is requested as another member and as a visitor
against the rows of a member ("owner") with private data.

For every request: never a 5xx, never a byte of the owner's private data (the
MARKERS), and afterwards the owner's rows are exactly as they were. Routes that
name the owner's own rows answer another member and a visitor with a refusal
(302 to log in, 401, 403, 404, 405). A route added without a line in ROUTES or
OPERATIONS fails `test_every_route_is_classified`: nobody adds a route that
escapes the matrix.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cinematheque.members import lists, profiles, ratings
from cinematheque.members.models import (
    ApiToken,
    DiaryEntry,
    FavouriteFilm,
    FilmList,
    FilmListItem,
    Follow,
    ImportBatch,
    ImportRow,
    Rating,
    Review,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.members.tokens import token_create
from tests import factories

pytestmark = pytest.mark.django_db

# --- The rules ---------------------------------------------------------------------

PUBLIC = "public"
"""Catalogue, editorial and site pages: no member's data beyond what members made
public (reviews of public profiles)."""
ANON = "anon"
"""Account forms that act on nobody's data until a password or token checks out."""
TOKEN = "token"
"""A secret in the URL (password reset, e-mail verification), checked by the view."""
SELF = "self"
"""Acts on the signed-in member only; the URL names no other member's row."""
OWN_ROW = "own-row"
"""Names a row by id that must be the signed-in member's own: 404 for others."""
MEMBER_READ = "member-read"
"""Reads what a member made public; a private profile or object is a 404 (or the
name only)."""
MEMBER_WRITE = "member-write"
"""Changes a member's object named in the URL: its owner only."""
STAFF = "staff"
"""Editors and administrators only."""
PERMITTED = "permitted"
"""The operator's library files (stream, download, subtitles, the position in one):
only members given `watch.play_media` (superusers have every permission)."""
PERSONAL = "personal"
"""The personal parts beside a cached page: the signed-in member's own state, an
empty answer for a visitor."""

REFUSED = {302, 401, 403, 404, 405}
"""What a route naming the owner's rows answers anyone else."""

ROUTES: dict[str, str] = {
    # pages
    "pages:about": PUBLIC,
    "pages:robots": PUBLIC,
    "pages:sitemap": PUBLIC,
    "pages:sitemap_section": PUBLIC,
    "personal_site": PERSONAL,
    "personal_film": PERSONAL,
    # catalogue, people, search, editorial
    "catalogue:home": PUBLIC,
    "catalogue:film_list": PUBLIC,
    "catalogue:film": PUBLIC,
    "catalogue:genre_list": PUBLIC,
    "catalogue:genre": PUBLIC,
    "catalogue:keyword": PUBLIC,
    "catalogue:poster": PUBLIC,
    "catalogue:share_image": PUBLIC,
    "catalogue:synopsis_translation": PUBLIC,
    "catalogue:cached_image": PUBLIC,
    "people:photo": PUBLIC,
    "people:person": PUBLIC,
    "search:results": PUBLIC,
    "search:suggest": PUBLIC,
    "editorial:collection_list": PUBLIC,
    "editorial:collection": PUBLIC,
    "editorial:feed": PUBLIC,
    "editorial:film_preview": STAFF,
    "editorial:collection_preview": STAFF,
    "recommendations:for_you": SELF,
    # accounts
    "members:signup": ANON,
    "members:login": ANON,
    "members:logout": SELF,
    "members:password_reset": ANON,
    "members:password_reset_done": ANON,
    "members:password_reset_confirm": TOKEN,
    "members:password_reset_complete": ANON,
    "members:password_change": SELF,
    "members:settings": SELF,
    "members:profile_update": SELF,
    "members:email_change": SELF,
    "members:email_verify_resend": SELF,
    "members:email_verify": TOKEN,
    "members:token_create": SELF,
    "members:token_revoke": OWN_ROW,
    "members:account_delete": SELF,
    "members:two_factor": STAFF,  # a staff member's own authenticator app
    # ratings, diary, watchlist
    "members:my_diary": SELF,
    "members:diary_new": SELF,
    "members:diary_entry_edit": OWN_ROW,
    "members:diary_entry_delete": OWN_ROW,
    "members:my_watchlist": SELF,
    "members:watchlist_add": SELF,
    "members:watchlist_remove": SELF,
    "members:member_diary": MEMBER_READ,
    "members:member_watchlist": MEMBER_READ,
    # social
    "members:profile": MEMBER_READ,
    "members:follow": SELF,
    "members:year": MEMBER_READ,
    "members:reviews": MEMBER_READ,
    "members:review": MEMBER_READ,
    "members:review_edit": MEMBER_WRITE,
    "members:review_delete": MEMBER_WRITE,
    "members:review_like": MEMBER_READ,
    "members:lists": MEMBER_READ,
    "members:list": MEMBER_READ,
    "members:list_edit": MEMBER_WRITE,
    "members:list_delete": MEMBER_WRITE,
    "members:list_add": MEMBER_WRITE,
    "members:list_item": MEMBER_WRITE,
    "members:list_reorder": MEMBER_WRITE,
    "members:film_reviews": PUBLIC,
    "members:review_new": SELF,
    "members:add_to_list": SELF,
    "members:list_new": SELF,
    "members:feed": SELF,
    "members:profile_edit": SELF,
    # history in and out
    "members:import_start": SELF,
    "members:import_list": SELF,
    "members:import_retry": SELF,
    "members:import_report": OWN_ROW,
    "members:import_choose": OWN_ROW,
    "members:export": SELF,
    "members:export_download": SELF,
    "members:content_limit": SELF,
    "members:import_status": OWN_ROW,
    # watch: where to watch, the member's services, their own copy
    "watch:where_offers": PUBLIC,
    "watch:where_film": PUBLIC,
    "watch:where_region": ANON,  # a visitor's cookie, or the signed-in member's own region
    "watch:services": SELF,
    "watch:stream": PERMITTED,
    "watch:download": PERMITTED,
    "watch:subtitle": PERMITTED,
    "watch:position": PERMITTED,
    "watch:player": PERSONAL,
    "watch:continue_watching": PERSONAL,
    # the API's own routes (its operations are in OPERATIONS)
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    "api-v1:api-root": PUBLIC,
    "^api/": PUBLIC,  # the API's 404 for unknown addresses
}
# The admin's pages (every ModelAdmin adds some) are all behind the admin site's
# own staff check, which the matrix tests like any other route.
ADMIN_PREFIXES = ("admin:", "admin/")
ADMIN_EXCEPTIONS = {
    "admin:login": ANON,
    # Django's "view on site" redirect: to the public page of a row, for anyone.
    "admin:view_on_site": PUBLIC,
}

OPERATIONS: dict[str, str] = {
    "listFilms": PUBLIC,
    "getFilmBySlug": PUBLIC,
    "getFilm": PUBLIC,
    "getPersonBySlug": PUBLIC,
    "getPerson": PUBLIC,
    "listSimilarFilms": PUBLIC,
    "listCollections": PUBLIC,
    "getCollection": PUBLIC,
    "search": PUBLIC,
    "getMe": SELF,
    "listMyRatings": SELF,
    "rateFilm": SELF,
    "clearRating": SELF,
    "listMyDiary": SELF,
    "logViewing": SELF,
    "changeDiaryEntry": OWN_ROW,
    "deleteDiaryEntry": OWN_ROW,
    "listMyWatchlist": SELF,
    "addToWatchlist": SELF,
    "removeFromWatchlist": SELF,
    "listFilmReviews": PUBLIC,
    "getMember": MEMBER_READ,
    "listMemberLists": MEMBER_READ,
    "getMemberList": MEMBER_READ,
    "listMemberReviews": MEMBER_READ,
    "listMyReviews": SELF,
    "createMyReview": SELF,
    "getMyReview": OWN_ROW,
    "updateMyReview": OWN_ROW,
    "deleteMyReview": OWN_ROW,
    "listMyLists": SELF,
    "createMyList": SELF,
    "getMyList": OWN_ROW,
    "updateMyList": OWN_ROW,
    "deleteMyList": OWN_ROW,
    "addToMyList": OWN_ROW,
    "removeFromMyList": OWN_ROW,
    "reorderMyList": OWN_ROW,
    "listMyRecommendations": SELF,
    "getFilmWatchOffers": PUBLIC,
    "listMyServices": SELF,
    "setMyServices": SELF,
}

# --- The routes as they are ----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    """The URL name with its namespaces, or the pattern of an unnamed route."""
    pattern: str
    params: tuple[str, ...]


def _walk(
    patterns: list[Any], prefix: str = "", ns: str = "", params: tuple[str, ...] = ()
) -> Iterator[Route]:
    for pattern in patterns:
        found = params + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = ":".join(p for p in (ns, pattern.namespace or "") if p)
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), inner, found
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{ns}:{pattern.name}" if ns and pattern.name else pattern.name
            yield Route(key=name or route, pattern=route, params=found)


def site_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def is_admin(key: str) -> bool:
    return key.startswith(ADMIN_PREFIXES)


def rule_of(route: Route) -> str:
    if is_admin(route.key):
        return ADMIN_EXCEPTIONS.get(route.key, STAFF)
    return ROUTES[route.key]


def api_operations() -> list[tuple[str, str, str]]:
    """(method, path, operationId) of every operation in the OpenAPI schema."""
    schema = Client().get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, operation["operationId"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def is_api_operation(route: Route, schema_paths: set[str]) -> bool:
    """An API route that the OpenAPI schema lists (OPERATIONS classifies it)."""
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.pattern)
    return route.key.startswith("api-v1:") and path in schema_paths


def test_every_route_is_classified(db) -> None:
    schema_paths = {path for _, path, _ in api_operations()}
    keys = {
        route.key
        for route in site_routes()
        if not is_admin(route.key) and not is_api_operation(route, schema_paths)
    }
    assert keys - set(ROUTES) == set(), "add these routes to ROUTES with their rule"
    assert set(ROUTES) - keys == set(), "these routes are gone: take them off ROUTES"
    operations = {operation_id for _, _, operation_id in api_operations()}
    assert operations - set(OPERATIONS) == set(), "add these to OPERATIONS"
    assert set(OPERATIONS) - operations == set(), "gone: take them off OPERATIONS"


# --- The owner's private data ----------------------------------------------------------


@dataclass
class World:
    owner: User
    other: User
    film: Any
    review: Review
    entry: DiaryEntry
    private_list: FilmList
    public_list: FilmList
    item: FilmListItem
    token: ApiToken
    batch: ImportBatch
    row: ImportRow
    other_token: str
    markers: list[str]


@pytest.fixture(params=[False, True], ids=["private-profile", "public-profile"])
def world(request, db) -> World:
    profile_public = request.param
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    factories.make_film(title="Thief", year=1981, slug="thief-1981")
    owner = factories.make_user(
        username="owner",
        email="owner-secret@example.org",
        bio="SECRET-BIO",
        profile_public=profile_public,
    )
    other = factories.make_user(username="other", email="other@example.org")
    entry = ratings.diary_entry_create(
        user=owner,
        film=film,
        viewing=ratings.Viewing(
            watched_on=datetime.date(2024, 5, 1),
            rating=8,
            tags=("secret-tag",),
            review="SECRET-REVIEW",
        ),
    )
    ratings.watchlist_add(
        user=owner, film=factories.make_film(title="Ronin", slug="ronin-1998")
    )
    private_list = lists.list_create(owner=owner, title="SECRET-LIST", public=False)
    item, _ = lists.list_add_film(film_list=private_list, film=film, note="SECRET-NOTE")
    public_list = lists.list_create(owner=owner, title="OPEN-LIST", public=True)
    lists.list_add_film(film_list=public_list, film=film, note="OPEN-NOTE")
    profiles.favourites_set(user=owner, films=[film])
    batch = ImportBatch.objects.create(
        user=owner, source="letterboxd", filename="SECRET-FILE.zip"
    )
    row = ImportRow.objects.create(
        batch=batch,
        file="ratings.csv",
        line=2,
        kind="rating",
        title="SECRET-ROW",
        status="ambiguous",
        candidates=[film.pk],
    )
    token = token_create(owner, name="SECRET-TOKEN").token
    Follow.objects.create(follower=owner, followed=other)
    markers = [
        "owner-secret@example.org",
        "SECRET-LIST",
        "SECRET-NOTE",
        "SECRET-TOKEN",
        "SECRET-FILE",
        "SECRET-ROW",
    ]
    if not profile_public:
        markers += ["SECRET-BIO", "SECRET-REVIEW", "secret-tag", "OPEN-LIST"]
    return World(
        owner=owner,
        other=other,
        film=film,
        review=Review.objects.get(diary_entry=entry),
        entry=entry,
        private_list=private_list,
        public_list=public_list,
        item=item,
        token=token,
        batch=batch,
        row=row,
        other_token=token_create(other).plain,
        markers=markers,
    )


def owner_state(owner: User) -> dict[str, Any]:
    """Everything the owner keeps, to compare before and after the requests."""
    return {
        "account": list(
            User.objects.filter(pk=owner.pk).values_list(
                "username",
                "email",
                "password",
                "bio",
                "profile_public",
                "content_limit",
                "is_active",
                "email_verified",
            )
        ),
        "ratings": list(
            Rating.objects.filter(user=owner).values_list("film_id", "value")
        ),
        "watched": list(WatchedFilm.objects.filter(user=owner).values_list("film_id")),
        "diary": list(
            DiaryEntry.objects.filter(user=owner).values_list(
                "pk", "film_id", "watched_on", "rating", "rewatch", "tags"
            )
        ),
        "watchlist": list(
            WatchlistEntry.objects.filter(user=owner).values_list("film_id")
        ),
        "reviews": list(
            Review.objects.filter(user=owner).values_list(
                "pk", "body", "contains_spoilers"
            )
        ),
        "lists": list(
            FilmList.objects.filter(owner=owner).values_list(
                "pk", "title", "slug", "description", "public", "ranked"
            )
        ),
        "items": list(
            FilmListItem.objects.filter(film_list__owner=owner)
            .order_by("pk")
            .values_list("pk", "film_id", "position", "note")
        ),
        "favourites": list(
            FavouriteFilm.objects.filter(user=owner).values_list("film_id", "position")
        ),
        "follows": list(Follow.objects.filter(follower=owner).values_list("followed")),
        "tokens": list(ApiToken.objects.filter(user=owner).values_list("pk", "name")),
        "imports": list(
            ImportRow.objects.filter(batch__user=owner).values_list(
                "pk", "status", "film_id"
            )
        ),
    }


# --- Filling in the URLs -------------------------------------------------------------


def web_kwargs(route: Route, world: World) -> dict[str, Any]:
    """A value for each parameter of the route, naming the owner's rows."""
    names_a_list = "lists/<slug" in route.pattern
    values: dict[str, Any] = {
        "username": world.owner.username,
        "pk": world.review.pk,
        "slug": world.private_list.slug if names_a_list else world.film.slug,
        "entry_id": world.entry.pk,
        "token_id": world.token.pk,
        "batch_id": world.batch.pk,
        "row_id": world.row.pk,
        "item_id": world.item.pk,
        "year": 2024,
        "number": 1,
        "section": "films",
        "token": "not-a-real-token",
        "uidb64": "MQ",
        "object_id": str(world.owner.pk),
        "content_type_id": str(ContentType.objects.get_for_model(FilmList).pk),
        "url": f"members/user/{world.owner.pk}/change/",
        "id": world.owner.pk,  # the admin's password form of an account
        "revision_id": 1,
        "app_label": "members",
        "tag": "fr-FR",
        "size": "w342",
        "name": "poster.jpg",
    }
    unknown = set(route.params) - set(values)
    assert not unknown, f"{route.key}: give web_kwargs a value for {unknown}"
    return {name: values[name] for name in route.params}


def web_url(route: Route, world: World) -> str:
    url = route.pattern
    for name, value in web_kwargs(route, world).items():
        url = _fill(url, name, str(value))
    url = url.replace("^", "").replace("$", "").replace("(?P<url>.*)", "")
    return "/" + url


def _fill(pattern: str, name: str, value: str) -> str:
    pattern = re.sub(rf"<(?:\w+:)?{name}>", value, pattern)
    return re.sub(rf"\(\?P<{name}>[^)]*\)", value, pattern)


# What a form might send: enough for each write to act if it were allowed.
FORM = {
    "body": "HACKED",
    "title": "HACKED",
    "description": "HACKED",
    "note": "HACKED",
    "bio": "HACKED",
    "email": "hacked@example.org",
    "action": "remove",
    "watched_on": "2024-01-01",
    "rating": "2",
    "tags": "hacked",
    "review": "HACKED",
    "favourite_1": "thief-1981",
    "public": "on",
    "profile_public": "on",
    "ceiling": "G",
    "name": "HACKED",
}


def api_body(operation_id: str, world: World) -> dict[str, Any] | None:
    return {
        "rateFilm": {"rating": 2},
        "logViewing": {"film": "thief-1981", "watched_on": "2024-01-01"},
        "changeDiaryEntry": {"watched_on": "2024-01-02", "rating": 2},
        "createMyReview": {"film": "thief-1981", "body": "HACKED"},
        "updateMyReview": {"body": "HACKED"},
        "createMyList": {"title": "HACKED"},
        "updateMyList": {"title": "HACKED", "public": True},
        "addToMyList": {"film": "thief-1981", "note": "HACKED"},
        "reorderMyList": {"item_ids": [world.item.pk]},
    }.get(operation_id)


def api_url(path: str, world: World) -> str:
    uses_list = "/lists/{slug}" in path
    values = {
        "username": world.owner.username,
        "slug": world.private_list.slug if uses_list else world.film.slug,
        "list_id": world.private_list.pk,
        "item_id": world.item.pk,
        "review_id": world.review.pk,
        "entry_id": world.entry.pk,
        "film_id": world.film.pk,
        "person_id": 1,
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"no value for a parameter of {path}"
    return path


# --- The matrix ------------------------------------------------------------------------


ACTORS = ["other", "visitor", "admin"]
"""The owner's own column is `test_the_owner_reaches_what_the_others_are_refused`.
An administrator is another member on the site's pages and the API, except that they
may read a private profile's contents, for moderation (`profiles.can_see_profile`):
they change nothing of the owner's and are refused the owner's rows. The admin site
(whose pages show members' data to staff by design) is left out of their column."""


def administrator() -> User:
    admin = User.objects.filter(username="site-admin").first()
    return admin or factories.make_user(role="admin", username="site-admin")


def client_for(actor: str, world: World) -> Client:
    cache.clear()  # rate limits must not answer in place of the check under test
    client = Client()
    if actor == "other":
        client.force_login(world.other)
    elif actor == "admin":
        client.force_login(administrator())
    return client


def check_answer(
    response: Any, world: World, what: str, *, may_read: bool = False
) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if may_read:
        return
    body = b"" if response.streaming else response.content
    for header in ("Location",):
        body += response.get(header, "").encode()
    text = body.decode("utf-8", "replace")
    leaked = [marker for marker in world.markers if marker in text]
    assert not leaked, f"{what} shows the owner's private data: {leaked}"


def expected_refusal(rule: str, actor: str, world: World) -> bool:
    """Whether the rule says this actor must be refused outright."""
    if rule in {STAFF, PERMITTED}:
        return actor != "admin"
    if rule in {OWN_ROW, MEMBER_WRITE}:
        return True
    return rule == SELF and actor == "visitor"


@pytest.mark.parametrize("actor", ACTORS)
def test_no_route_lets_others_read_or_change_a_members_private_data(
    world: World, actor: str
) -> None:
    before = owner_state(world.owner)
    schema_paths = {path for _, path, _ in api_operations()}
    for route in site_routes():
        if is_api_operation(route, schema_paths):
            continue  # the API test below
        if actor == "admin" and is_admin(route.key):
            continue  # the admin site shows members' data to staff by design
        rule = rule_of(route)
        url = web_url(route, world)
        for method in ("get", "post"):
            client = client_for(actor, world)
            response = getattr(client, method)(url, FORM)
            what = f"{method.upper()} {url} ({route.key}, {rule}) as {actor}"
            moderation = actor == "admin" and rule == MEMBER_READ
            check_answer(response, world, what, may_read=moderation)
            if expected_refusal(rule, actor, world):
                assert response.status_code in REFUSED, (
                    f"{what}: {response.status_code}"
                )
            if rule == MEMBER_READ and not world.owner.profile_public:
                assert response.status_code in REFUSED | {200}, what
    assert owner_state(world.owner) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_no_api_operation_lets_others_read_or_change_a_members_private_data(
    world: World, actor: str
) -> None:
    before = owner_state(world.owner)
    headers = (
        {"HTTP_AUTHORIZATION": f"Bearer {world.other_token}"}
        if actor == "other"
        else {}
    )
    if actor == "admin":
        admin_token = token_create(administrator()).plain
        headers = {"HTTP_AUTHORIZATION": f"Bearer {admin_token}"}
    for method, path, operation_id in api_operations():
        rule = OPERATIONS[operation_id]
        url = api_url(path, world)
        body = api_body(operation_id, world)
        cache.clear()
        response = Client().generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            **headers,
        )
        what = f"{method} {url} ({operation_id}, {rule}) as {actor}"
        moderation = actor == "admin" and rule == MEMBER_READ
        check_answer(response, world, what, may_read=moderation)
        if expected_refusal(rule, actor, world):
            assert response.status_code in REFUSED, f"{what}: {response.status_code}"
        if rule == MEMBER_READ and not world.owner.profile_public and not moderation:
            if operation_id == "getMember":
                assert response.json()["bio"] is None
            else:
                assert response.status_code == 404, what
    assert owner_state(world.owner) == before


def test_the_owner_reaches_what_the_others_are_refused(world: World) -> None:
    """The matrix refuses for the right reason: the owner's own requests with the
    same ids succeed."""
    client = Client()
    client.force_login(world.owner)
    for url in (
        f"/me/diary/{world.entry.pk}/edit/",
        f"/me/imports/{world.batch.pk}/",
        f"/members/owner/lists/{world.private_list.slug}/",
        f"/members/owner/reviews/{world.review.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "SECRET" in response.content.decode()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(world.owner).plain}"}
    answer = Client().get(f"/api/v1/me/lists/{world.private_list.pk}", **bearer)
    assert answer.status_code == 200
    assert answer.json()["title"] == "SECRET-LIST"


def test_the_owner_reaches_every_route_that_names_their_rows(world: World) -> None:
    """The owner's column over every route: their own rows are never refused to
    them (so the others' refusals are for the right reason), and nothing fails."""
    client = Client()
    client.force_login(world.owner)
    schema_paths = {path for _, path, _ in api_operations()}
    for route in site_routes():
        if is_admin(route.key) or is_api_operation(route, schema_paths):
            continue
        rule = rule_of(route)
        cache.clear()
        response = client.get(web_url(route, world))
        what = f"GET {route.pattern} ({route.key}, {rule}) as the owner"
        assert response.status_code < 500, f"{what}: {response.status_code}"
        if rule in {OWN_ROW, MEMBER_WRITE, MEMBER_READ, SELF}:
            assert response.status_code not in {401, 403}, what

"""Members' reviews and lists in the API.

`me_reviews` (/me/reviews) and `me_lists` (/me/lists) read and write the member's
own rows, with an API token (`Authorization: Bearer …`) or the signed-in browser
(members/api_auth.py; 401 without either; another member's ids answer 404);
`members` (/members/{username}…) and `film_reviews` (/films/{slug}/reviews) are the
public reads: public profiles, their public lists and reviews. A private profile
answers with its name only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from cinematheque.api.caching import private_answer, public_cache
from cinematheque.api.film_filters import (
    ON_MY_SERVICES_QUERY,
    chosen_filters,
    narrowed,
)
from cinematheque.api.pagination import page_of
from cinematheque.api.routers.params import MAX_ID, SLUG_PATTERN
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.social import (
    MemberListIn,
    MemberListItemIn,
    MemberListOrderIn,
    MemberListOut,
    MemberListPageOut,
    MemberListPatchIn,
    MemberOut,
    PageIn,
    ReviewIn,
    ReviewListOut,
    ReviewOut,
    ReviewPatchIn,
)
from cinematheque.catalogue.certifications import ContentLimit, content_limit_for
from cinematheque.catalogue.models import Film
from cinematheque.markdown import render_markdown
from cinematheque.members import lists, profiles, reviews
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import FilmList, Review, User
from cinematheque.members.ratelimit import rate_limited

me_reviews = Router(tags=["me"], auth=member_auth)
me_lists = Router(tags=["me"], auth=member_auth)
members = Router(tags=["members"])
film_reviews = Router(tags=["members"])
film_reviews.add_decorator(public_cache, mode="view")
for _router in (me_reviews, me_lists):
    _router.add_decorator(private_answer, mode="view")
    _router.add_decorator(rate_limited("api-social", limit=60, window=60), mode="view")

USERNAME = Path(..., max_length=150, pattern=r"^[\w.@+-]+$")
ID = Path(..., ge=1, le=MAX_ID)


def _member(request: HttpRequest) -> User:
    return member_of(request)


def _invalid(error: ValidationError) -> HttpError:
    return HttpError(400, " ".join(error.messages))


def _film(slug: str) -> Film:
    film = Film.objects.filter(slug=slug).first()
    if film is None:
        raise Http404(f"No film with slug {slug!r}.")
    return film


# --- Shapes ------------------------------------------------------------------------


def _review(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "author": review.user.username,
        "film": review.film,
        "body": review.body,
        "body_html": render_markdown(review.body),
        "contains_spoilers": review.contains_spoilers,
        "like_count": review.like_count,
        "url": reverse("members:review", args=[review.user.username, review.pk]),
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


def _list_summary(film_list: FilmList) -> dict[str, Any]:
    count = getattr(film_list, "film_count", None)
    return {
        "id": film_list.pk,
        "owner": film_list.owner.username,
        "slug": film_list.slug,
        "title": film_list.title,
        "description": film_list.description,
        "ranked": film_list.ranked,
        "public": film_list.public,
        "film_count": film_list.items.count() if count is None else count,
        "url": reverse("members:list", args=[film_list.owner.username, film_list.slug]),
        "created_at": film_list.created_at,
        "updated_at": film_list.updated_at,
    }


def _list_full(
    film_list: FilmList,
    limit: ContentLimit | None = None,
    *,
    request: HttpRequest | None = None,
    on_my_services: bool = False,
) -> dict[str, Any]:
    """The list with its items, without the films the reader's content limit
    hides (and, asked for, those not on the reader's own services)."""
    visible = film_list.items.all()
    if limit is not None:
        visible = visible.filter(limit.film_filter("film__"))
    if request is not None:
        visible = narrowed(
            request, visible, film_field="film_id", on_my_services=on_my_services
        )
    items = list(visible.select_related("film"))
    return {
        **_list_summary(film_list),
        "film_count": len(items),
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "note": item.note,
                "film": item.film,
            }
            for item in items
        ],
    }


def _reviews(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.select_related("user", "film").order_by("-created_at", "-id")


def _lists(
    queryset: QuerySet[FilmList], limit: ContentLimit | None = None
) -> QuerySet[FilmList]:
    return lists.with_film_counts(queryset.select_related("owner"), limit)


# --- /me/reviews ---------------------------------------------------------------------


def _own_review(request: HttpRequest, review_id: int) -> Review:
    review = _reviews(
        Review.objects.filter(user=_member(request), pk=review_id)
    ).first()
    if review is None:
        raise Http404("You have no review with this id.")
    return review


@me_reviews.get(
    "",
    response={200: ReviewListOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="listMyReviews",
    url_name="me_reviews",
    summary="List my reviews",
    description="The member's reviews, newest first.",
)
def list_my_reviews(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    shown = rows_within_limit(
        Review.objects.filter(user=_member(request)), content_limit_for(request)
    )
    return page_of(_reviews(shown), page, _review)


@me_reviews.post(
    "",
    response={201: ReviewOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="createMyReview",
    url_name="me_review_create",
    summary="Write a review",
    description="A new review of the film (Markdown; raw HTML is shown as text). 201 with the review.",
)
def create_my_review(request: HttpRequest, data: ReviewIn) -> Status[dict[str, Any]]:
    try:
        review = reviews.review_create(
            user=_member(request),
            film=_film(data.film),
            body=data.body,
            contains_spoilers=data.contains_spoilers,
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(201, _review(_own_review(request, review.pk)))


@me_reviews.get(
    "/{review_id}",
    response={200: ReviewOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getMyReview",
    url_name="me_review",
    summary="Get one of my reviews",
    description="One of the member's reviews; another member's id answers 404.",
)
def get_my_review(request: HttpRequest, review_id: int = ID) -> dict[str, Any]:
    return _review(_own_review(request, review_id))


@me_reviews.patch(
    "/{review_id}",
    response={200: ReviewOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="updateMyReview",
    url_name="me_review_update",
    summary="Edit one of my reviews",
    description="Change the text or the spoiler flag; fields left out keep their value.",
)
def update_my_review(
    request: HttpRequest, data: ReviewPatchIn, review_id: int = ID
) -> dict[str, Any]:
    review = _own_review(request, review_id)
    try:
        reviews.review_update(
            review=review,
            body=review.body if data.body is None else data.body,
            contains_spoilers=(
                review.contains_spoilers
                if data.contains_spoilers is None
                else data.contains_spoilers
            ),
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return _review(review)


@me_reviews.delete(
    "/{review_id}",
    response={204: None, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="deleteMyReview",
    url_name="me_review_delete",
    summary="Delete one of my reviews",
    description="Delete the review and its likes.",
)
def delete_my_review(request: HttpRequest, review_id: int = ID) -> Status[None]:
    reviews.review_delete(review=_own_review(request, review_id))
    return Status(204, None)


# --- /me/lists ---------------------------------------------------------------------


def _own_list(request: HttpRequest, list_id: int) -> FilmList:
    film_list = (
        FilmList.objects.filter(owner=_member(request), pk=list_id)
        .select_related("owner")
        .first()
    )
    if film_list is None:
        raise Http404("You have no list with this id.")
    return film_list


@me_lists.get(
    "",
    response={200: MemberListPageOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="listMyLists",
    url_name="me_lists",
    summary="List my lists",
    description="The member's lists, public and private, last changed first.",
)
def list_my_lists(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    own = FilmList.objects.filter(owner=_member(request))
    return page_of(_lists(own, content_limit_for(request)), page, _list_summary)


@me_lists.post(
    "",
    response={201: MemberListOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="createMyList",
    url_name="me_list_create",
    summary="Make a list",
    description="A new, empty list; its slug comes from the title. 201 with the list.",
)
def create_my_list(request: HttpRequest, data: MemberListIn) -> Status[dict[str, Any]]:
    try:
        film_list = lists.list_create(owner=_member(request), **data.dict())
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(201, _list_full(film_list, content_limit_for(request)))


@me_lists.get(
    "/{list_id}",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getMyList",
    url_name="me_list",
    summary="Get one of my lists with its films",
    description="One of the member's lists, public or private, with its films in order.",
)
def get_my_list(
    request: HttpRequest,
    list_id: int = ID,
    on_my_services: bool = ON_MY_SERVICES_QUERY,
) -> dict[str, Any]:
    return _list_full(
        _own_list(request, list_id),
        content_limit_for(request),
        request=request,
        on_my_services=on_my_services,
    )


@me_lists.patch(
    "/{list_id}",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="updateMyList",
    url_name="me_list_update",
    summary="Change one of my lists",
    description="Change the title (and so the slug), description, ranked or public flag; fields left out keep their value.",
)
def update_my_list(
    request: HttpRequest, data: MemberListPatchIn, list_id: int = ID
) -> dict[str, Any]:
    film_list = _own_list(request, list_id)
    changes = {key: value for key, value in data.dict().items() if value is not None}
    fields = {
        "title": film_list.title,
        "description": film_list.description,
        "ranked": film_list.ranked,
        "public": film_list.public,
        **changes,
    }
    try:
        lists.list_update(film_list=film_list, **fields)
    except ValidationError as error:
        raise _invalid(error) from None
    return _list_full(film_list, content_limit_for(request))


@me_lists.delete(
    "/{list_id}",
    response={204: None, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="deleteMyList",
    url_name="me_list_delete",
    summary="Delete one of my lists",
    description="Delete the list and its items.",
)
def delete_my_list(request: HttpRequest, list_id: int = ID) -> Status[None]:
    lists.list_delete(film_list=_own_list(request, list_id))
    return Status(204, None)


@me_lists.post(
    "/{list_id}/items",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="addToMyList",
    url_name="me_list_add",
    summary="Add a film to one of my lists",
    description="At the end of the list; a film already on it stays where it is.",
)
def add_to_my_list(
    request: HttpRequest, data: MemberListItemIn, list_id: int = ID
) -> dict[str, Any]:
    film_list = _own_list(request, list_id)
    lists.list_add_film(film_list=film_list, film=_film(data.film), note=data.note)
    return _list_full(film_list, content_limit_for(request))


@me_lists.delete(
    "/{list_id}/items/{item_id}",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="removeFromMyList",
    url_name="me_list_remove",
    summary="Take a film off one of my lists",
    description="Remove the item; the positions after it close up.",
)
def remove_from_my_list(
    request: HttpRequest, list_id: int = ID, item_id: int = ID
) -> dict[str, Any]:
    film_list = _own_list(request, list_id)
    item = film_list.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("The list has no item with this id.")
    lists.list_remove_item(item=item)
    return _list_full(film_list, content_limit_for(request))


@me_lists.put(
    "/{list_id}/order",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="reorderMyList",
    url_name="me_list_order",
    summary="Reorder one of my lists",
    description="Send every item id of the list that you see once, in the new order; a stale order (missing or extra ids) is refused with 400. Under a content limit, send the ids of the items it leaves visible: the hidden items keep their positions and the visible ones fill the others in the order sent.",
)
def reorder_my_list(
    request: HttpRequest, data: MemberListOrderIn, list_id: int = ID
) -> dict[str, Any]:
    film_list = _own_list(request, list_id)
    try:
        lists.list_reorder(
            film_list=film_list,
            item_ids=data.item_ids,
            limit=content_limit_for(request),
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return _list_full(film_list, content_limit_for(request))


# --- Public reads -------------------------------------------------------------------


def _public_member(username: str) -> User:
    member = User.objects.filter(username=username, is_active=True).first()
    if member is None:
        raise Http404(f"No member called {username!r}.")
    return member


def _visible_member(request: HttpRequest, username: str) -> User:
    """The member, if the asker may see their contents (public, or their own)."""
    member = _public_member(username)
    if not profiles.can_see_profile(member, _asker(request)):
        raise Http404(f"No public profile called {username!r}.")
    return member


def _asker(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


@members.get(
    "/{username}",
    response={200: MemberOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="getMember",
    url_name="member",
    summary="Get a member's profile",
    description="A public profile with its favourites and statistics; a private "
    "profile with its name only.",
)
def get_member(request: HttpRequest, username: str = USERNAME) -> dict[str, Any]:
    member = _public_member(username)
    shape: dict[str, Any] = {
        "username": member.username,
        "profile_public": member.profile_public,
        "url": reverse("members:profile", args=[member.username]),
        "bio": None,
    }
    if not profiles.can_see_profile(member, _asker(request)):
        return shape
    limit = content_limit_for(request)
    stats = profiles.member_stats(member, content_limit=limit)
    return {
        **shape,
        "bio": member.bio,
        "favourites": [
            {"position": fav.position, "film": fav.film}
            for fav in profiles.favourites(member, limit)
        ],
        "stats": {
            "films_seen": stats.seen,
            "diary_entries": stats.viewings,
            "hours_watched": stats.hours,
            "ratings_histogram": stats.rating_counts,
        },
        "follower_count": member.followers.count(),
        "following_count": member.following.count(),
    }


@members.get(
    "/{username}/lists",
    response={200: MemberListPageOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="listMemberLists",
    url_name="member_lists",
    summary="List a member's public lists",
    description="Public lists of a public profile, last changed first (the member's own request also lists their private ones).",
)
def list_member_lists(
    request: HttpRequest, page: Query[PageIn], username: str = USERNAME
) -> dict[str, Any]:
    member = _visible_member(request, username)
    visible = lists.lists_visible_to(member, _asker(request))
    return page_of(_lists(visible, content_limit_for(request)), page, _list_summary)


@members.get(
    "/{username}/lists/{slug}",
    response={200: MemberListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getMemberList",
    url_name="member_list",
    summary="Get a member's public list with its films",
    description="A public list of a public profile with its films in order.",
)
def get_member_list(
    request: HttpRequest,
    username: str = USERNAME,
    slug: str = Path(..., max_length=220, pattern=SLUG_PATTERN),
    on_my_services: bool = ON_MY_SERVICES_QUERY,
) -> dict[str, Any]:
    # The reader's own services (a token or the browser), never the owner's.
    chosen_filters(request, on_my_services=on_my_services)
    member = _visible_member(request, username)
    film_list = (
        lists.lists_visible_to(member, _asker(request))
        .filter(slug=slug)
        .select_related("owner")
        .first()
    )
    if film_list is None:
        raise Http404(f"{username} has no public list {slug!r}.")
    return _list_full(
        film_list,
        content_limit_for(request),
        request=request,
        on_my_services=on_my_services,
    )


@members.get(
    "/{username}/reviews",
    response={200: ReviewListOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="listMemberReviews",
    url_name="member_reviews",
    summary="List a member's reviews",
    description="Reviews of a public profile, newest first.",
)
def list_member_reviews(
    request: HttpRequest, page: Query[PageIn], username: str = USERNAME
) -> dict[str, Any]:
    member = _visible_member(request, username)
    shown = rows_within_limit(
        Review.objects.filter(user=member), content_limit_for(request)
    )
    return page_of(_reviews(shown), page, _review)


@film_reviews.get(
    "/{slug}/reviews",
    response={200: ReviewListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="listFilmReviews",
    url_name="film_reviews",
    summary="List a film's reviews",
    description="Reviews by members with public profiles; `sort=liked` puts the most "
    "liked first.",
)
def list_film_reviews(
    request: HttpRequest,
    page: Query[PageIn],
    slug: str = Path(..., max_length=200, pattern=SLUG_PATTERN),
    sort: str = Query("newest", pattern="^(newest|liked)$"),
) -> dict[str, Any]:
    film = _film(slug)
    limit = content_limit_for(request)
    if limit is not None and not limit.allows_film(film):
        raise PermissionDenied(
            f"This film is hidden by your account's content limit ({limit.label})."
        )
    chosen = reviews.reviews_for_film(film.pk, order=sort).select_related("film")
    return page_of(chosen, page, _review)

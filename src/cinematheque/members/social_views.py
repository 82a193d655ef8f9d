"""Pages of members' social side: reviews and likes, lists, following and the feed,
profiles with their statistics and the year in review.

Views parse the request, check who may see or change what (owner-only writes; a
private profile shows only its name to others), call the services and render.
Private things answer 404 to others, so their existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cinematheque.catalogue.certifications import ContentLimit, content_limit_for
from cinematheque.catalogue.film_filters import (
    apply_film_filters,
    film_filter_controls,
    film_filter_notice,
    is_signed_in,
    requested_filters,
)
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.views import film_hidden
from cinematheque.markdown import html_to_text, render_markdown_safe
from cinematheque.members import charts, following, lists, profiles, reviews
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import FilmList, FilmListItem, Review, User
from cinematheque.members.ratelimit import rate_limited

REVIEWS_PER_PAGE = 20
# The largest 64-bit key (api/routers/params.py has the same bound).
MAX_ID = 2**63 - 1
FILM_SEARCH_RESULTS = 10


def _id_or_404(pk: int) -> int:
    """A primary key the database can hold; larger ones exist nowhere."""
    if not 0 < pk <= MAX_ID:
        raise Http404("No such row.")
    return pk


def _member_or_404(username: str) -> User:
    return get_object_or_404(User, username=username, is_active=True)


def _viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if user.is_authenticated else None


def _is_owner(request: HttpRequest, owner: User) -> bool:
    return request.user.is_authenticated and request.user.pk == owner.pk


def _hidden_from_viewer(request: HttpRequest, film: Film) -> HttpResponse | None:
    """The "hidden by your content limit" page when the viewer's limit hides the
    film (as its own page answers), else None."""
    limit = content_limit_for(request)
    if limit is not None and not limit.allows_film(film):
        return film_hidden(request, film, limit)
    return None


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _next_or(request: HttpRequest, default: str) -> str:
    """The form's `next` address if it is on this site, else `default`."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"on", "1", "true"}


# --- Reviews ------------------------------------------------------------------------


def _review_or_404(request: HttpRequest, username: str, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("user", "film"),
        pk=_id_or_404(pk),
        user__username=username,
    )
    if not reviews.can_read_review(review, _viewer(request)):
        raise Http404("No such review.")
    return review


def _own_review_or_404(request: HttpRequest, username: str, pk: int) -> Review:
    review = _review_or_404(request, username, pk)
    if not _is_owner(request, review.user):
        raise Http404("No such review.")
    return review


@require_safe
def review_detail(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    """A review's permalink."""
    review = _review_or_404(request, username, pk)
    hidden = _hidden_from_viewer(request, review.film)
    if hidden is not None:
        return hidden
    viewer = _viewer(request)
    liked = viewer is not None and bool(reviews.liked_review_ids(viewer, [review.pk]))
    body_html = render_markdown_safe(review.body)
    return render(
        request,
        "members/social/review_detail.html",
        {
            "review": review,
            "body_html": body_html,
            "is_owner": _is_owner(request, review.user),
            "liked": liked,
            "jsonld": _review_jsonld(request, review, body_html),
        },
    )


def _review_jsonld(request: HttpRequest, review: Review, body_html: str) -> dict:
    """schema.org/Review of the film; a spoiler review keeps its text off it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "url": request.build_absolute_uri(),
        "itemReviewed": {
            "@type": "Movie",
            "name": review.film.title,
            "url": request.build_absolute_uri(review.film.get_absolute_url()),
        },
        "author": {"@type": "Person", "name": review.user.get_username()},
        "datePublished": review.created_at.date().isoformat(),
    }
    if review.film.year:
        data["itemReviewed"]["dateCreated"] = str(review.film.year)
    if not review.contains_spoilers:
        data["reviewBody"] = html_to_text(body_html)
    return data


@require_safe
def film_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    """All public reviews of a film, newest or most liked first, paginated."""
    film = get_object_or_404(Film, slug=slug)
    hidden = _hidden_from_viewer(request, film)
    if hidden is not None:
        return hidden
    order = "liked" if request.GET.get("sort") == "liked" else "newest"
    paginator = Paginator(
        reviews.reviews_for_film(film.pk, order=order), REVIEWS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "members/social/film_reviews.html",
        {
            "film": film,
            "order": order,
            "page": page,
            "reviews": [(r, render_markdown_safe(r.body)) for r in page.object_list],
        },
    )


@login_required
@rate_limited("reviews", limit=20, window=60)
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a review of a film."""
    film = get_object_or_404(Film, slug=slug)
    hidden = _hidden_from_viewer(request, film)
    if hidden is not None:
        return hidden
    error = ""
    body = ""
    spoilers = False
    if request.method == "POST":
        body = request.POST.get("body", "")
        spoilers = _checked(request, "contains_spoilers")
        try:
            review = reviews.review_create(
                user=request.user,  # type: ignore[arg-type]
                film=film,
                body=body,
                contains_spoilers=spoilers,
            )
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            return redirect(_review_url(review))
    return render(
        request,
        "members/social/review_form.html",
        {"film": film, "body": body, "spoilers": spoilers, "error": error},
        status=400 if error else 200,
    )


def _review_url(review: Review) -> str:
    return reverse("members:review", args=[review.user.username, review.pk])


@login_required
@rate_limited("reviews", limit=20, window=60)
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    review = _own_review_or_404(request, username, pk)
    error = ""
    body, spoilers = review.body, review.contains_spoilers
    if request.method == "POST":
        body = request.POST.get("body", "")
        spoilers = _checked(request, "contains_spoilers")
        try:
            reviews.review_update(review=review, body=body, contains_spoilers=spoilers)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            return redirect(_review_url(review))
    return render(
        request,
        "members/social/review_form.html",
        {
            "film": review.film,
            "review": review,
            "body": body,
            "spoilers": spoilers,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@rate_limited("reviews", limit=20, window=60)
@require_http_methods(["GET", "POST"])
def review_delete(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    review = _own_review_or_404(request, username, pk)
    if request.method == "POST":
        film_url = review.film.get_absolute_url()
        reviews.review_delete(review=review)
        return redirect(film_url)
    return render(
        request,
        "members/social/confirm_delete.html",
        {
            "what": f"your review of {review.film.display_title}",
            "back": _review_url(review),
        },
    )


@login_required
@rate_limited("likes", limit=60, window=60)
@require_POST
def review_like(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    """Like (or, with action=unlike, stop liking) a review; JSON for fetch()."""
    review = _review_or_404(request, username, pk)
    member: User = request.user  # type: ignore[assignment]
    try:
        if request.POST.get("action") == "unlike":
            reviews.review_unlike(user=member, review=review)
            liked = False
        else:
            reviews.review_like(user=member, review=review)
            liked = True
    except ValidationError as exc:
        if "json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": _error_text(exc)}, status=400)
        return HttpResponse(_error_text(exc), status=400, content_type="text/plain")
    if "json" in request.headers.get("Accept", ""):
        return JsonResponse({"liked": liked, "like_count": review.like_count})
    return redirect(_next_or(request, _review_url(review)))


@require_safe
def member_reviews(request: HttpRequest, username: str) -> HttpResponse:
    owner = _member_or_404(username)
    visible = profiles.can_see_profile(owner, _viewer(request))
    shown = rows_within_limit(owner.reviews.all(), content_limit_for(request))
    page = Paginator(
        shown.select_related("film") if visible else Review.objects.none(),
        REVIEWS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "members/social/member_reviews.html",
        {
            "owner": owner,
            "visible": visible,
            "page": page,
            "reviews": [(r, render_markdown_safe(r.body)) for r in page.object_list],
        },
    )


# --- Lists --------------------------------------------------------------------------


def _list_or_404(request: HttpRequest, username: str, slug: str) -> FilmList:
    owner = _member_or_404(username)
    film_list = (
        lists.lists_visible_to(owner, _viewer(request)).filter(slug=slug).first()
    )
    if film_list is None:
        raise Http404("No such list.")
    return film_list


def _own_list_or_404(request: HttpRequest, username: str, slug: str) -> FilmList:
    film_list = _list_or_404(request, username, slug)
    if not _is_owner(request, film_list.owner):
        raise Http404("No such list.")
    return film_list


@require_safe
def member_lists(request: HttpRequest, username: str) -> HttpResponse:
    owner = _member_or_404(username)
    visible = lists.with_film_counts(
        lists.lists_visible_to(owner, _viewer(request)), content_limit_for(request)
    )
    return render(
        request,
        "members/social/member_lists.html",
        {
            "owner": owner,
            "lists": visible,
            "is_owner": _is_owner(request, owner),
            "profile_visible": profiles.can_see_profile(owner, _viewer(request)),
        },
    )


@require_safe
def list_detail(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    """A list's page; its owner also gets the controls to add, note, move and remove."""
    film_list = _list_or_404(request, username, slug)
    is_owner = _is_owner(request, film_list.owner)
    query = request.GET.get("q", "").strip()[:100] if is_owner else ""
    found: list[Film] = []
    limit = content_limit_for(request)
    if query:
        found = list(
            Film.objects.within_content_limit(limit)
            .filter(title__icontains=query)
            .exclude(pk__in=film_list.items.values("film_id"))
            .order_by("-notability", "title")[:FILM_SEARCH_RESULTS]
        )
    within = _items_within(film_list, limit)
    items = within
    chosen = requested_filters(request.GET)  # ParameterError: a 400 page
    notice = film_filter_notice(request, chosen)
    if chosen and is_signed_in(request):
        # The viewer's own filters (their services), whoever owns the list.
        items = apply_film_filters(request, items, film_field="film_id", chosen=chosen)
    else:
        chosen = []
    return render(
        request,
        "members/social/list_detail.html",
        {
            "film_list": film_list,
            "items": list(items.select_related("film")),
            "hidden_count": film_list.items.count() - within.count() if limit else 0,
            "is_owner": is_owner,
            # A filtered list shows some of its films: moving them is refused.
            "reorderable": is_owner and not chosen,
            "filtered": bool(chosen),
            "query": query,
            "found": found,
            "error": request.GET.get("error", "")[:200],
            "film_filter_controls": film_filter_controls(
                request, chosen=chosen, query=request.GET.dict()
            ),
            "film_filter_notice": notice,
        },
    )


def _items_within(
    film_list: FilmList, limit: ContentLimit | None
) -> QuerySet[FilmListItem]:
    """The list's items without the films the viewer's content limit hides."""
    items = film_list.items.all()
    return rows_within_limit(items, limit)


def _list_url(film_list: FilmList) -> str:
    return reverse("members:list", args=[film_list.owner.username, film_list.slug])


def _list_fields(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": request.POST.get("title", ""),
        "description": request.POST.get("description", ""),
        "ranked": _checked(request, "ranked"),
        "public": _checked(request, "public"),
    }


@login_required
@rate_limited("lists", limit=30, window=60)
@require_http_methods(["GET", "POST"])
def list_new(request: HttpRequest) -> HttpResponse:
    """Make a list; with ?film=<slug> the film goes on it straight away."""
    film = Film.objects.filter(slug=request.GET.get("film", "")[:200]).first()
    fields: dict[str, Any] = {
        "title": "",
        "description": "",
        "ranked": False,
        "public": True,
    }
    error = ""
    if request.method == "POST":
        fields = _list_fields(request)
        try:
            film_list = lists.list_create(owner=request.user, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            if film is not None:
                lists.list_add_film(film_list=film_list, film=film)
            return redirect(_list_url(film_list))
    return render(
        request,
        "members/social/list_form.html",
        {"fields": fields, "error": error, "film": film},
        status=400 if error else 200,
    )


@login_required
@rate_limited("lists", limit=30, window=60)
@require_http_methods(["GET", "POST"])
def list_edit(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    film_list = _own_list_or_404(request, username, slug)
    fields: dict[str, Any] = {
        "title": film_list.title,
        "description": film_list.description,
        "ranked": film_list.ranked,
        "public": film_list.public,
    }
    error = ""
    if request.method == "POST":
        fields = _list_fields(request)
        try:
            lists.list_update(film_list=film_list, **fields)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            return redirect(_list_url(film_list))
    return render(
        request,
        "members/social/list_form.html",
        {"fields": fields, "error": error, "film_list": film_list},
        status=400 if error else 200,
    )


@login_required
@rate_limited("lists", limit=30, window=60)
@require_http_methods(["GET", "POST"])
def list_delete(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    film_list = _own_list_or_404(request, username, slug)
    if request.method == "POST":
        lists.list_delete(film_list=film_list)
        return redirect("members:lists", username=film_list.owner.username)
    return render(
        request,
        "members/social/confirm_delete.html",
        {"what": f"the list “{film_list.title}”", "back": _list_url(film_list)},
    )


@login_required
@rate_limited("lists", limit=120, window=60)
@require_POST
def list_add(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    """Add the film named by its slug (`film`) to the list."""
    film_list = _own_list_or_404(request, username, slug)
    film = Film.objects.filter(slug=request.POST.get("film", "")[:200]).first()
    if film is None:
        return redirect(_list_url(film_list) + "?error=No+film+has+that+address.")
    lists.list_add_film(
        film_list=film_list, film=film, note=request.POST.get("note", "")[:2000]
    )
    return redirect(_next_or(request, _list_url(film_list)))


@login_required
@rate_limited("lists", limit=120, window=60)
@require_POST
def list_item(
    request: HttpRequest, username: str, slug: str, item_id: int
) -> HttpResponse:
    """One item: action=up, down, remove, or note (with `note`)."""
    film_list = _own_list_or_404(request, username, slug)
    item = get_object_or_404(FilmListItem, pk=_id_or_404(item_id), film_list=film_list)
    action = request.POST.get("action")
    if action in {"up", "down"}:
        lists.list_move_item(
            item=item,
            step=-1 if action == "up" else 1,
            limit=content_limit_for(request),
        )
    elif action == "remove":
        lists.list_remove_item(item=item)
    elif action == "note":
        note = request.POST.get("note", "")
        if len(note) > 2000:
            return HttpResponse("A note is at most 2000 characters.", status=400)
        lists.list_set_note(item=item, note=note)
    else:
        return HttpResponse("Unknown action.", status=400)
    return redirect(_list_url(film_list) + f"#item-{item.pk}")


@login_required
@rate_limited("lists", limit=120, window=60)
@require_POST
def list_reorder(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    """Put the items in the order given as `order`: item ids, comma-separated."""
    film_list = _own_list_or_404(request, username, slug)
    try:
        ids = [int(part) for part in request.POST.get("order", "").split(",") if part]
        lists.list_reorder(
            film_list=film_list, item_ids=ids, limit=content_limit_for(request)
        )
    except (ValueError, ValidationError) as exc:
        detail = _error_text(exc) if isinstance(exc, ValidationError) else "Bad order."
        return JsonResponse({"detail": detail}, status=400)
    if "json" in request.headers.get("Accept", ""):
        return JsonResponse({"order": ids})
    return redirect(_list_url(film_list))


@login_required
@rate_limited("lists", limit=120, window=60)
@require_http_methods(["GET", "POST"])
def film_add_to_list(request: HttpRequest, slug: str) -> HttpResponse:
    """From the film page: choose one of your lists (or a new one) for the film."""
    film = get_object_or_404(Film, slug=slug)
    hidden = _hidden_from_viewer(request, film)
    if hidden is not None:
        return hidden
    member: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        film_list = get_object_or_404(
            FilmList, owner=member, pk=_int(request.POST.get("list"))
        )
        lists.list_add_film(film_list=film_list, film=film)
        return redirect(_list_url(film_list))
    own = lists.with_film_counts(
        FilmList.objects.filter(owner=member), content_limit_for(request)
    )
    return render(
        request, "members/social/add_to_list.html", {"film": film, "lists": own}
    )


def _int(value: str | None) -> int:
    try:
        return _id_or_404(int(value or ""))
    except ValueError:
        raise Http404("No such list.") from None


# --- Following and the feed ---------------------------------------------------------


@login_required
@rate_limited("follows", limit=60, window=60)
@require_POST
def follow_member(request: HttpRequest, username: str) -> HttpResponse:
    """Follow (or, with action=unfollow, stop following) a member."""
    followed = _member_or_404(username)
    member: User = request.user  # type: ignore[assignment]
    if request.POST.get("action") == "unfollow":
        following.unfollow(follower=member, followed=followed)
    else:
        try:
            following.follow(follower=member, followed=followed)
        except ValidationError as exc:
            return HttpResponse(_error_text(exc), status=400, content_type="text/plain")
    return redirect("members:profile", username=followed.username)


@require_safe
@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """What the people you follow rated, reviewed and listed, newest first."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    page = max(1, min(page, following.FEED_MAX_PAGES))
    activities, has_next = following.feed_page(
        request.user,  # type: ignore[arg-type]
        page,
        content_limit_for(request),
    )
    return render(
        request,
        "members/social/feed.html",
        {"activities": activities, "page": page, "has_next": has_next},
    )


# --- Profiles -----------------------------------------------------------------------


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A member's profile: only the name for others when it is private."""
    owner = _member_or_404(username)
    viewer = _viewer(request)
    context: dict[str, Any] = {
        "owner": owner,
        "is_owner": _is_owner(request, owner),
        "visible": profiles.can_see_profile(owner, viewer),
        "following": viewer is not None and following.is_following(viewer, owner),
    }
    if context["visible"]:
        limit = content_limit_for(request)
        stats = profiles.member_stats(owner, content_limit=limit)
        context.update(
            stats=stats,
            charts=charts.profile_charts(stats),
            favourites=profiles.favourites(owner, limit),
            diary=profiles.recent_diary(owner, content_limit=limit),
            years=profiles.diary_years(owner, limit),
            follower_count=owner.followers.count(),
            following_count=owner.following.count(),
            lists=lists.with_film_counts(lists.lists_visible_to(owner, viewer), limit)[
                :6
            ],
        )
    return render(request, "members/social/profile.html", context)


@require_safe
def year_in_review(request: HttpRequest, username: str, year: int) -> HttpResponse:
    owner = _member_or_404(username)
    if not profiles.can_see_profile(owner, _viewer(request)) or not 1870 < year < 3000:
        raise Http404("No such year in review.")
    limit = content_limit_for(request)
    stats = profiles.member_stats(owner, year=year, content_limit=limit)
    return render(
        request,
        "members/social/year.html",
        {
            "owner": owner,
            "year": year,
            "stats": stats,
            "charts": charts.year_charts(stats),
            "highlights": profiles.year_highlights(owner, year, content_limit=limit),
            "years": profiles.diary_years(owner, limit),
        },
    )


@login_required
@rate_limited("profile", limit=30, window=60)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The member's four favourite films (each by its address or its exact title).
    The bio and the public/private choice are kept on the settings page only; this
    page links there."""
    member: User = request.user  # type: ignore[assignment]
    error = ""
    slots = [""] * profiles.FAVOURITE_SLOTS
    for favourite in profiles.favourites(member):
        if 1 <= favourite.position <= profiles.FAVOURITE_SLOTS:
            slots[favourite.position - 1] = favourite.film.slug
    if request.method == "POST":
        slots = [
            request.POST.get(f"favourite_{n}", "").strip()[:200]
            for n in range(1, profiles.FAVOURITE_SLOTS + 1)
        ]
        try:
            films = [profiles.film_named(text) if text else None for text in slots]
            profiles.favourites_set(user=member, films=films)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            return redirect("members:profile", username=member.username)
    return render(
        request,
        "members/social/profile_edit.html",
        {"member": member, "slots": slots, "error": error},
        status=400 if error else 200,
    )

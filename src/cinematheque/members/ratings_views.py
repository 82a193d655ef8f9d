"""Pages of what a member keeps of films: their diary (`/me/diary/`), their watchlist
(`/me/watchlist/`), the public copies of both under `/members/<username>/`, and the
writes behind the film page's controls (log a viewing, add to or take off the
watchlist, delete a diary entry). Writes go through members/ratings.py."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import F, FloatField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, NullIf
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.film_filters import (
    apply_film_filters,
    film_filter_controls,
    film_filter_notice,
    is_signed_in,
    requested_filters,
)
from cinematheque.catalogue.models import Film, Genre
from cinematheque.catalogue.parameters import (
    ParameterError,
    check_page_exists,
    parse_choice,
    parse_decade,
    parse_page,
)
from cinematheque.catalogue.views import film_hidden, filter_options
from cinematheque.members import ratings
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import DiaryEntry, Review, User, WatchlistEntry
from cinematheque.members.profiles import can_see_profile
from cinematheque.members.ratelimit import rate_limited
from cinematheque.members.ratings_forms import ViewingForm

DIARY_PER_PAGE = 100
WATCHLIST_PER_PAGE = 48

WATCHLIST_SORTS = {
    "added": "Added, newest first",
    "title": "Title, A to Z",
    "year": "Year, oldest first",
    "runtime": "Runtime, shortest first",
    "rating": "Member rating, highest first",
}
RUNTIMES = {
    "short": ("Under 90 minutes", None, 90),
    "medium": ("90 minutes to 2 hours", 90, 121),
    "long": ("Over 2 hours", 121, None),
}


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def member_required(view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    """Signed-in members only: a visitor is sent to log in (or, asking for JSON,
    gets a 401)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"detail": "Sign in first."}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # member_required ran


def visible_owner(request: HttpRequest, username: str) -> User:
    """The member whose page this is; 404 when there is no such member or the
    viewer may not see their profile (a private one: anyone but themselves and the
    administrators; members/profiles.py decides, as for the profile page)."""
    owner = get_object_or_404(User, username=username)
    viewer = request.user if request.user.is_authenticated else None
    if not can_see_profile(owner, viewer):
        raise Http404("No public profile has this name.")
    return owner


def _paginate(
    request: HttpRequest, items: QuerySet[Any], per_page: int
) -> tuple[Page, Any]:
    number = parse_page(request.GET.get("page"))
    paginator = Paginator(items, per_page)
    check_page_exists(number, paginator.num_pages)
    page = paginator.page(number)
    return page, paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


# --- Diary -----------------------------------------------------------------------


@dataclass(slots=True)
class DiaryMonth:
    month: date
    entries: list[DiaryEntry]


def diary_months(entries: list[DiaryEntry]) -> list[DiaryMonth]:
    """Entries (newest first) grouped by the month they were watched in."""
    months: list[DiaryMonth] = []
    for entry in entries:
        month = entry.watched_on.replace(day=1)
        if not months or months[-1].month != month:
            months.append(DiaryMonth(month, []))
        months[-1].entries.append(entry)
    return months


def _diary(request: HttpRequest, owner: User) -> HttpResponse:
    entries = (
        rows_within_limit(
            DiaryEntry.objects.filter(user=owner), content_limit_for(request)
        )
        .select_related("film")
        .annotate(
            review_pk=Subquery(
                Review.objects.filter(diary_entry=OuterRef("pk")).values("pk")[:1]
            )
        )
        .order_by("-watched_on", "-id")
    )
    context: dict[str, Any] = {"owner": owner, "is_owner": owner.pk == request.user.pk}
    try:
        page, page_range = _paginate(request, entries, DIARY_PER_PAGE)
    except ParameterError as error:
        context["error"] = error.message
        return render(request, "members/ratings/diary.html", context, status=400)
    context |= {
        "page": page,
        "page_range": page_range,
        "months": diary_months(list(page.object_list)),
    }
    return render(request, "members/ratings/diary.html", context)


@require_safe
@member_required
def my_diary(request: HttpRequest) -> HttpResponse:
    return _diary(request, _me(request))


@require_safe
def member_diary(request: HttpRequest, username: str) -> HttpResponse:
    return _diary(request, visible_owner(request, username))


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
@rate_limited("diary", limit=60, window=60)
def diary_new(request: HttpRequest) -> HttpResponseBase:
    """Log a viewing: the page form (GET ?film=slug) or the film page's dialog
    (POST, answered in JSON when asked)."""
    if request.method != "POST":
        form = ViewingForm(initial={"film": request.GET.get("film", "")})
        film = Film.objects.filter(slug=request.GET.get("film", "")).first()
        if film is None:
            raise Http404("Choose a film from its page to log a viewing of it.")
        limit = content_limit_for(request)
        if limit is not None and not limit.allows_film(film):
            return film_hidden(request, film, limit)
        return render(
            request, "members/ratings/diary_new.html", {"form": form, "film": film}
        )
    form = ViewingForm(request.POST)
    if form.is_valid():
        try:
            entry = ratings.diary_entry_create(
                user=_me(request),
                film=form.cleaned_data["film"],
                viewing=form.viewing(),
            )
        except ratings.MemberDataError as error:
            form.add_error(None, str(error))
        else:
            return _logged(request, entry)
    if wants_json(request):
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    film = Film.objects.filter(slug=request.POST.get("film", "")).first()
    return render(
        request,
        "members/ratings/diary_new.html",
        {"form": form, "film": film},
        status=400,
    )


def _logged(request: HttpRequest, entry: DiaryEntry) -> HttpResponseBase:
    if wants_json(request):
        count = DiaryEntry.objects.filter(user=entry.user, film=entry.film).count()
        return JsonResponse({"id": entry.pk, "diary_count": count}, status=201)
    return redirect("members:my_diary")


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
@rate_limited("diary", limit=60, window=60)
def diary_entry_edit(request: HttpRequest, entry_id: int) -> HttpResponseBase:
    """Change one of your diary entries: its date, rating, rewatch flag, tags and
    the review written with it. Another member's entry is a 404."""
    entry = get_object_or_404(
        DiaryEntry.objects.select_related("film"),
        pk=_id_or_404(entry_id),
        user=_me(request),
    )
    review = Review.objects.filter(diary_entry=entry).first()
    if request.method != "POST":
        form = ViewingForm(initial=_viewing_initial(entry, review))
        return _edit_page(request, entry, form)
    form = ViewingForm(request.POST)
    if form.is_valid() and form.cleaned_data["film"].pk != entry.film_id:
        form.add_error(None, "A diary entry stays with its film.")
    if form.is_valid():
        try:
            ratings.diary_entry_edit(
                user=_me(request), entry_id=entry.pk, viewing=form.viewing()
            )
        except ratings.MemberDataError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Your viewing of {entry.film.display_title} is saved."
            )
            return redirect(
                reverse("members:my_diary")
                + f"#diary-{form.cleaned_data['watched_on']:%Y-%m}"
            )
    return _edit_page(request, entry, form, status=400)


def _viewing_initial(entry: DiaryEntry, review: Review | None) -> dict[str, Any]:
    return {
        "film": entry.film.slug,
        "watched_on": entry.watched_on,
        "rating": entry.rating,
        "rewatch": entry.rewatch,
        "tags": ", ".join(entry.tags),
        "review": review.body if review else "",
        "contains_spoilers": review.contains_spoilers if review else False,
    }


def _edit_page(
    request: HttpRequest, entry: DiaryEntry, form: ViewingForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "members/ratings/diary_edit.html",
        {"form": form, "entry": entry, "film": entry.film},
        status=status,
    )


def _id_or_404(pk: int) -> int:
    """A primary key the database can hold; larger ones exist nowhere."""
    if not 0 < pk <= 2**63 - 1:
        raise Http404("You have no diary entry with this number.")
    return pk


@require_POST
@member_required
@rate_limited("diary", limit=60, window=60)
def diary_entry_delete(request: HttpRequest, entry_id: int) -> HttpResponseBase:
    if not ratings.diary_entry_delete(user=_me(request), entry_id=_id_or_404(entry_id)):
        raise Http404("You have no diary entry with this number.")
    messages.success(request, "The diary entry is deleted.")
    return redirect("members:my_diary")


# --- Watchlist -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WatchlistParams:
    sort: str = "added"
    genre: str = ""
    decade: int | None = None
    runtime: str = ""

    @classmethod
    def parse(cls, data: dict[str, str | None]) -> WatchlistParams:
        """ParameterError, with a message for the reader, on a value no list has."""
        genre = (data.get("genre") or "").strip()
        if genre and not Genre.objects.filter(slug=genre).exists():
            raise ParameterError("genre", "There is no genre with this name.")
        runtime = data.get("runtime") or ""
        return cls(
            sort=parse_choice(
                "sort", data.get("sort") or None, WATCHLIST_SORTS, default="added"
            ),
            genre=genre,
            decade=parse_decade(data.get("decade")),
            runtime=parse_choice("runtime", runtime, RUNTIMES, default="")
            if runtime
            else "",
        )

    def query(self) -> str:
        values = {
            "sort": "" if self.sort == "added" else self.sort,
            "genre": self.genre,
            "decade": "" if self.decade is None else str(self.decade),
            "runtime": self.runtime,
        }
        return urlencode({key: value for key, value in values.items() if value})

    def apply(self, entries: QuerySet[WatchlistEntry]) -> QuerySet[WatchlistEntry]:
        if self.genre:
            entries = entries.filter(film__genres__slug=self.genre)
        if self.decade is not None:
            entries = entries.filter(
                film__year__gte=self.decade, film__year__lt=self.decade + 10
            )
        if self.runtime:
            _, shortest, longest = RUNTIMES[self.runtime]
            if shortest is not None:
                entries = entries.filter(film__runtime__gte=shortest)
            if longest is not None:
                entries = entries.filter(film__runtime__lt=longest)
        return entries.order_by(*self.ordering())

    def ordering(self) -> list[Any]:
        by_title: list[Any] = [F("film__title").asc(), "pk"]
        orderings: dict[str, list[Any]] = {
            "added": [F("added_at").desc(), F("pk").desc()],
            "title": by_title,
            "year": [F("film__year").asc(nulls_last=True), *by_title],
            "runtime": [F("film__runtime").asc(nulls_last=True), *by_title],
            "rating": [F("member_average").desc(nulls_last=True), *by_title],
        }
        return orderings[self.sort]


def watchlist_entries(owner: User) -> QuerySet[WatchlistEntry]:
    """The member's watchlist with each film's card columns and member average."""
    summary = "film__member_rating_summary__"
    return (
        WatchlistEntry.objects.filter(user=owner)
        .select_related("film")
        .annotate(
            member_average=Cast(F(f"{summary}total"), FloatField())
            / NullIf(F(f"{summary}count"), 0)
            / 2
        )
    )


def _watchlist(request: HttpRequest, owner: User) -> HttpResponse:
    context: dict[str, Any] = {
        "owner": owner,
        "is_owner": owner.pk == request.user.pk,
        "sorts": WATCHLIST_SORTS,
        "runtimes": {key: label for key, (label, _, _) in RUNTIMES.items()},
        "options": filter_options(),
        "selected": {
            key: request.GET.get(key, "")
            for key in ("sort", "genre", "decade", "runtime")
        },
    }
    context["film_filter_controls"] = film_filter_controls(request)
    try:
        params = WatchlistParams.parse(context["selected"])
        chosen = requested_filters(request.GET)
        entries = params.apply(
            rows_within_limit(watchlist_entries(owner), content_limit_for(request))
        )
        # The viewer's own filters (their services), whoever owns the watchlist.
        context["film_filter_notice"] = film_filter_notice(request, chosen)
        if chosen and is_signed_in(request):
            entries = apply_film_filters(
                request, entries, film_field="film_id", chosen=chosen
            )
        else:
            chosen = []
        page, page_range = _paginate(request, entries, WATCHLIST_PER_PAGE)
    except ParameterError as error:
        context["error"] = error.message
        return render(request, "members/ratings/watchlist.html", context, status=400)
    query = "&".join(
        part
        for part in [params.query(), urlencode({f.name: "true" for f in chosen})]
        if part
    )
    context |= {
        "page": page,
        "page_range": page_range,
        "query": query,
        "filtered": bool(params.genre or params.decade or params.runtime or chosen),
        "total": rows_within_limit(
            WatchlistEntry.objects.filter(user=owner), content_limit_for(request)
        ).count(),
        "film_filter_controls": film_filter_controls(request, chosen=chosen),
    }
    return render(request, "members/ratings/watchlist.html", context)


@require_safe
@member_required
def my_watchlist(request: HttpRequest) -> HttpResponse:
    return _watchlist(request, _me(request))


@require_safe
def member_watchlist(request: HttpRequest, username: str) -> HttpResponse:
    return _watchlist(request, visible_owner(request, username))


def _back(request: HttpRequest, default: str) -> HttpResponseBase:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return redirect(target)


@require_POST
@member_required
@rate_limited("watchlist", limit=60, window=60)
def watchlist_add(request: HttpRequest, slug: str) -> HttpResponseBase:
    film = get_object_or_404(Film, slug=slug)
    ratings.watchlist_add(user=_me(request), film=film)
    return _back(request, reverse("members:my_watchlist"))


@require_POST
@member_required
@rate_limited("watchlist", limit=60, window=60)
def watchlist_remove(request: HttpRequest, slug: str) -> HttpResponseBase:
    film = get_object_or_404(Film, slug=slug)
    ratings.watchlist_remove(user=_me(request), film=film)
    return _back(request, reverse("members:my_watchlist"))

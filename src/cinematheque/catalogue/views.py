"""The HTML pages of the catalogue: home, browse, film page, genres and posters."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, F, Max, Min, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from cinematheque.catalogue import image_cache, share_card
from cinematheque.catalogue import poster as poster_svg
from cinematheque.catalogue.articles import with_indefinite_article
from cinematheque.catalogue.browse import (
    GENRE_DEFAULT_SORT,
    SORTS,
    BrowseParams,
    certifications_in_use,
)
from cinematheque.catalogue.cards import FilmCard, film_cards
from cinematheque.catalogue.certifications import (
    ContentLimit,
    content_limit_for,
    sections_within_limit,
)
from cinematheque.catalogue.film_filters import (
    apply_film_filters,
    film_filter_controls,
    film_filter_notice,
    is_signed_in,
    requested_filters,
)
from cinematheque.catalogue.links import slug_url
from cinematheque.catalogue.models import (
    Country,
    Film,
    FilmGenre,
    FilmQuerySet,
    Genre,
    Keyword,
    Translation,
)
from cinematheque.catalogue.page import (
    Facet,
    FilmPage,
    PageCredit,
    film_page_for_slug,
)
from cinematheque.catalogue.page_cache import film_id_confirmed
from cinematheque.catalogue.pagination import capped_page
from cinematheque.catalogue.parameters import (
    ParameterError,
    parse_page,
)
from cinematheque.catalogue.sections import film_facts
from cinematheque.catalogue.template_filters import iso_duration, iso_release
from cinematheque.pages.assembly import CONTEXT_NAME, assemble
from cinematheque.pages.cache import LISTS, versioned_key, versioned_value
from cinematheque.pages.views import absolute_url
from cinematheque.people.models import Credit

FILMS_PER_PAGE = 24
# Lists shown on the home page and in filter menus, kept until the lists change
# (`versioned_key`); the timeout only bounds how long an unused copy stays.
LISTS_CACHE_SECONDS = 24 * 3600

SORT_LABELS = {
    "-centrality": "Most central to the genre",
    "-notability": "Most notable",
    "title": "Title, A to Z",
    "-title": "Title, Z to A",
    "-year": "Newest first",
    "year": "Oldest first",
    "-box_office": "Box office, highest first",
    "box_office": "Box office, lowest first",
    "-score": "Tomatometer, highest first",
    "score": "Tomatometer, lowest first",
}
# On /films/ the menu starts on "most central" too, so that choosing a genre there gets
# the genre's order; without a genre that sort is the notability order. Short enough
# for the closed menu on a phone (tests/e2e/test_clipping.py).
BROWSE_CENTRALITY_LABEL = "Most central, else most notable"
assert set(SORT_LABELS) <= set(SORTS)  # noqa: S101 - a typo here must fail at import

# --- Film page -------------------------------------------------------------------


@require_safe
def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = film_page_for_slug(slug)
    if page is None:
        raise Http404("No film has this address.")
    limit = content_limit_for(request)
    if limit is not None and not limit.allows_film(page.film):
        return film_hidden(request, page.film, limit)
    response = render_film_page(request, page)
    if not film_id_confirmed(slug, page.film.pk):
        add_never_cache_headers(response)  # cached under another film's versions
    return response


def film_hidden(request: HttpRequest, film: Film, limit: ContentLimit) -> HttpResponse:
    """What a member whose content limit hides the film sees instead of its page
    (403: the film exists, and the account's own setting keeps it out)."""
    context = {
        "film": film,
        "limit": limit,
        "certification": film.certification,
        "certification_country": film.certification_country,
    }
    return render(request, "catalogue/film_hidden.html", context, status=403)


def render_film_page(
    request: HttpRequest, page: FilmPage, *, preview: bool = False
) -> HttpResponse:
    """The film page: every registered section of it, with the page's head (title,
    Open Graph, JSON-LD, canonical URL). `preview` shows editors' working copies: the
    caller checks that an editor asks for it."""
    assembled = assemble("film", page, preview=preview)
    facts = assembled.result(film_facts)
    head = film_head_context(request, page, facts)
    head["jsonld"] |= assembled.jsonld_properties()
    context = {
        **facts,
        **head,
        CONTEXT_NAME: assembled,
        "preview": preview,
        "nav": "films",
    }
    return render(request, "catalogue/film_detail.html", context)


def film_head_context(
    request: HttpRequest, page: FilmPage, facts: Mapping[str, Any]
) -> dict[str, Any]:
    """What the page's <head> says of the film: canonical URL, Open Graph, JSON-LD."""
    film = page.film
    site_root = absolute_url(request, "/").removesuffix("/")
    canonical_url = site_root + slug_url("catalogue:film", film.slug)
    poster_url = page.poster_url or slug_url("catalogue:poster", film.slug)
    description = film.overview or _summary_sentence(
        film, page.central_genres(1), facts["directors"], facts["cast"]
    )
    return {
        "release_date_iso": film.release_date.isoformat() if film.release_date else "",
        "canonical_url": canonical_url,
        "poster_url": poster_url,
        "backdrop_url": page.backdrop_url,
        "og_image": site_root + slug_url("catalogue:share_image", film.slug),
        "og_image_width": share_card.WIDTH,
        "og_image_height": share_card.HEIGHT,
        "meta_description": description[:300],
        "jsonld": _movie_jsonld(
            film,
            site_root=site_root,
            canonical_url=canonical_url,
            image_url=slug_url("catalogue:share_image", film.slug),
            directors=facts["directors"],
            writers=facts["writers"],
            cast=facts["cast"],
            genres=page.genres,
        ),
    }


def _summary_sentence(
    film: Film, genres: list[Facet], directors: list[PageCredit], cast: list[PageCredit]
) -> str:
    parts = [film.display_title]
    if genres:
        parts.append(with_indefinite_article(f"{genres[0].name.lower()} film"))
    if directors:
        parts.append("directed by " + ", ".join(c.name for c in directors[:2]))
    text = ", ".join(parts)
    if cast:
        text += ", starring " + ", ".join(c.name for c in cast[:3])
    return text + "."


def _movie_jsonld(
    film: Film,
    *,
    site_root: str,
    canonical_url: str,
    image_url: str,
    directors: list[PageCredit],
    writers: list[PageCredit],
    cast: list[PageCredit],
    genres: list[Facet],
) -> dict[str, Any]:
    """schema.org/Movie; keys without a value are left out. aggregateRating is for
    member ratings only: review scores are not ours to claim."""

    def people(credits: list[PageCredit]) -> list[dict[str, str]]:
        return [
            {"@type": "Person", "name": credit.name, "url": site_root + credit.url}
            for credit in credits
        ]

    same_as = [
        url
        for url in (
            film.imdb_id and f"https://www.imdb.com/title/{film.imdb_id}/",
            film.wikidata_id and f"https://www.wikidata.org/wiki/{film.wikidata_id}",
        )
        if url
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": canonical_url,
        "image": site_root + image_url,
        "alternateName": film.original_title
        if film.original_title != film.title
        else "",
        "datePublished": iso_release(
            film.release_date, film.release_date_precision, film.year
        ),
        "dateCreated": str(film.year) if film.year else "",
        "description": film.overview,
        "director": people(directors),
        "author": people(writers),
        "actor": people(cast),
        "genre": [genre.name for genre in genres],
        "duration": iso_duration(film.runtime),
        "contentRating": film.certification,
        "sameAs": same_as,
    }
    return {key: value for key, value in data.items() if value}


# --- Lists: home, browse, genres ---------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    genres: list[tuple[str, str]]
    decades: list[int]
    certifications: list[str]
    countries: list[tuple[str, str]]


Built = TypeVar("Built")


# Each process also keeps the lists it read last: their keys change with the lists'
# versions, so a kept copy is as current as the shared one, without reading and
# unpickling it (model instances with their prefetched rows) on every request.
_kept_lists: dict[str, Any] = {}


def _cached_list(name: str, build: Callable[[], Built]) -> Built:
    """A list the home page and the filter menus read on every request, kept in the
    cache until the lists change (`versioned_key`); the timeout only bounds how long
    an unused copy stays."""
    key = versioned_key(name, LISTS)
    kept = _kept_lists.get(key)
    if kept is None:
        if len(_kept_lists) >= 64:  # outdated keys of earlier versions
            _kept_lists.clear()
        versioned = versioned_value(name, build, LISTS, timeout=LISTS_CACHE_SECONDS)
        if not versioned.current:  # kept once the new version is built
            return cast(Built, versioned.value)
        kept = _kept_lists[key] = versioned.value
    return cast(Built, kept)


def filter_options() -> FilterOptions:
    """The values that exist in the catalogue for each browse filter (cached)."""

    def build() -> FilterOptions:
        years = Film.objects.filter(year__isnull=False).aggregate(
            first=Min("year"), last=Max("year")
        )
        decades: list[int] = []
        if years["first"] is not None:
            decades = list(
                range(years["first"] // 10 * 10, years["last"] // 10 * 10 + 1, 10)
            )
        certifications = sorted(set(certifications_in_use()), key=str.lower)
        return FilterOptions(
            genres=list(Genre.objects.by_name().values_list("slug", "name")),
            decades=decades,
            certifications=certifications,
            countries=list(Country.objects.by_name().values_list("slug", "name")),
        )

    return _cached_list("catalogue:filter-options", build)


def paginate(
    request: HttpRequest, films: QuerySet[Film], *, shared: bool = False
) -> Page:
    """The requested page of films; ParameterError (a message for the reader) when
    the page parameter is not a page number of this list. `shared`: the list does
    not depend on who asks (pagination.capped_count)."""
    return capped_page(
        films, parse_page(request.GET.get("page")), FILMS_PER_PAGE, shared=shared
    )


def _list_context(
    request: HttpRequest, base: FilmQuerySet, fixed: dict[str, str]
) -> tuple[dict[str, Any], int]:
    """Parse filters and page, apply them to `base`; (context, HTTP status)."""
    raw = {key: request.GET.get(key) for key in ("genre", "decade", "certification")}
    raw |= {"country": request.GET.get("country"), "sort": request.GET.get("sort")}
    raw |= fixed
    context: dict[str, Any] = {
        "options": filter_options(),
        "sort_labels": _sort_labels(genre_page="genre" in fixed),
        "selected": {key: (value or "") for key, value in raw.items()},
        "error": "",
        "page": None,
    }
    context["film_filter_controls"] = film_filter_controls(request, shared=True)
    try:
        params = BrowseParams.parse(raw)
        chosen = requested_filters(request.GET)
    except ParameterError as error:
        context["error"] = error.message
        return context, 400
    context["selected"]["sort"] = raw["sort"] or GENRE_DEFAULT_SORT
    films = params.apply(base)
    personal = False
    if chosen:
        # Rendered for this member only (the page cache never shares it).
        context["film_filter_notice"] = film_filter_notice(request, chosen)
        if is_signed_in(request):
            films = apply_film_filters(request, films, chosen=chosen)
            personal = True
        else:
            chosen = []
        context["film_filter_controls"] = film_filter_controls(request, chosen=chosen)
    query = {k: v for k, v in params.as_query().items() if k not in fixed}
    query |= {film_filter.name: "true" for film_filter in chosen}
    context["query"] = urlencode(query)
    context["filtered"] = bool(set(query) - {"sort"})
    try:
        page = paginate(request, films, shared=not personal)
    except ParameterError as error:
        context["error"] = error.message
        return context, 400
    page.object_list = film_cards(cast(QuerySet[Film], page.object_list))
    context["page"] = page
    context["page_range"] = page.paginator.get_elided_page_range(
        page.number, on_each_side=2, on_ends=1
    )
    return context, 200


def _sort_labels(*, genre_page: bool) -> dict[str, str]:
    """The sort menu; "most central" says what it does without a genre on /films/."""
    if genre_page:
        return SORT_LABELS
    return SORT_LABELS | {GENRE_DEFAULT_SORT: BROWSE_CENTRALITY_LABEL}


@require_safe
def film_list(request: HttpRequest) -> HttpResponse:
    films = Film.objects.within_content_limit(content_limit_for(request))
    context, status = _list_context(request, films, {})
    context["canonical_url"] = absolute_url(request, reverse("catalogue:film_list"))
    context["nav"] = "films"
    return render(request, "catalogue/film_list.html", context, status=status)


@require_safe
def genre_list(request: HttpRequest) -> HttpResponse:
    limit = content_limit_for(request)
    genres = [
        {
            **genre,
            # The same colours as the posters of the genre's films.
            "colours": poster_svg.palette_for(
                genre["name"], hashlib.sha256(genre["slug"].encode()).digest()
            ),
        }
        for genre in genre_counts(limit)
    ]
    return render(
        request,
        "catalogue/genre_list.html",
        {
            "genres": genres,
            "canonical_url": absolute_url(request, reverse("catalogue:genre_list")),
            "nav": "genres",
        },
    )


def limit_key(limit: ContentLimit | None) -> str:
    """What a list counted for a content limit is cached under: one copy per
    ceiling (all members with the same limit share it), none for visitors."""
    if limit is None:
        return ""
    country, code = limit.ceiling.country, limit.ceiling.code
    return f":{country}-{code}{'-known' if limit.hide_unknown else ''}"


def genre_counts(limit: ContentLimit | None = None) -> list[dict[str, Any]]:
    """Every genre with its number of films, largest first (cached); under a
    member's content limit, the films it leaves visible (genres it empties go)."""

    def build() -> list[dict[str, Any]]:
        if limit is None:
            return _genres_by_size()
        rows = (
            Genre.objects.annotate(
                film_count=Count("films", filter=limit.film_filter("films__"))
            )
            .filter(film_count__gt=0)
            .order_by("-film_count", "name")
            .values("name", "slug", "film_count")
        )
        return [dict(row) for row in rows]

    return _cached_list("catalogue:genre-counts" + limit_key(limit), build)


def _genres_by_size() -> list[dict[str, Any]]:
    """Every genre with films, largest first: the links counted on their own (one
    pass over the genres' index), then named, rather than every link joined to its
    genre before grouping (at a million films, 1.8 million joined rows: 500 ms)."""
    sizes = dict(
        FilmGenre.objects.order_by()
        .values_list("genre_id")
        .annotate(n=Count("genre_id"))
        .values_list("genre_id", "n")
    )
    genres = [
        {"name": name, "slug": slug, "film_count": sizes[pk]}
        for pk, name, slug in Genre.objects.values_list("pk", "name", "slug")
        if sizes.get(pk)
    ]
    return sorted(genres, key=lambda genre: (-genre["film_count"], genre["name"]))


@require_safe
def genre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    genre = get_object_or_404(Genre, slug=slug)
    films = Film.objects.within_content_limit(content_limit_for(request))
    context, status = _list_context(request, films, {"genre": genre.slug})
    context["genre"] = genre
    context["canonical_url"] = absolute_url(request, genre.get_absolute_url())
    context["nav"] = "genres"
    return render(request, "catalogue/genre_detail.html", context, status=status)


@require_safe
def keyword_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The films a source tagged with this keyword ("heist"), with the browse filters."""
    keyword = get_object_or_404(Keyword, slug=slug)
    films = Film.objects.filter(keywords=keyword).within_content_limit(
        content_limit_for(request)
    )
    context, status = _list_context(request, films, {})
    context["keyword"] = keyword
    context["canonical_url"] = absolute_url(request, keyword.get_absolute_url())
    context["nav"] = "films"
    return render(request, "catalogue/keyword_detail.html", context, status=status)


def year_counts(limit: ContentLimit | None = None) -> dict[int | None, int]:
    """Films per year (None: year unknown), in one pass over the films (cached;
    counted under a content limit): the home page's decades and its film count."""

    def build() -> dict[int | None, int]:
        return dict(
            Film.objects.within_content_limit(limit)
            .values_list("year")
            .annotate(n=Count("id"))
            .values_list("year", "n")
            .order_by()
        )

    return _cached_list("catalogue:year-counts" + limit_key(limit), build)


def decade_counts(limit: ContentLimit | None = None) -> list[dict[str, int]]:
    """Films per decade, oldest first (from the cached year counts)."""
    per_decade: dict[int, int] = {}
    for year, count in year_counts(limit).items():
        if year is not None:
            per_decade[year // 10 * 10] = per_decade.get(year // 10 * 10, 0) + count
    return [
        {"decade": decade, "film_count": count}
        for decade, count in sorted(per_decade.items())
    ]


def home_lists(limit: ContentLimit | None = None) -> dict[str, list[FilmCard]]:
    """The film cards of the home page (cached like the other lists), chosen among
    the films a member's content limit leaves visible."""

    def build() -> dict[str, list[FilmCard]]:
        films = Film.objects.within_content_limit(limit)
        return {
            "notable": film_cards(films.order_by("-notability", "title")[:12]),
            "critics": critics_favourites(films),
            "newest": film_cards(
                films.filter(year__isnull=False).order_by(
                    "-year", "-notability", "title"
                )[:6]
            ),
        }

    return _cached_list("catalogue:home-cards" + limit_key(limit), build)


def critics_favourites(films: QuerySet[Film]) -> list[FilmCard]:
    """The film with the best critics' score (Film.critics_score, which weighs the
    number of reviews) of each decade, oldest decade first: one query plus the
    cards' own two."""
    best = (
        films.filter(year__isnull=False, critics_score__isnull=False)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("year") / 10],
                order_by=[F("critics_score").desc(), F("notability").desc(), "id"],
            )
        )
        .filter(place=1)
        .values("pk")
    )
    return film_cards(films.filter(pk__in=best).order_by("year", "title"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The home page. A member with a content limit gets it rendered for them
    (pages/cache.py never shares it): its cards, counts and sections leave out
    what the limit hides."""
    limit = content_limit_for(request)
    return render(
        request,
        "catalogue/home.html",
        {
            **home_lists(limit),
            CONTEXT_NAME: sections_within_limit(assemble("home", None), limit),
            "genres": genre_counts(limit)[:18],
            "decades": decade_counts(limit),
            "film_count": sum(year_counts(limit).values()),
            "canonical_url": absolute_url(request, reverse("catalogue:home")),
        },
    )


# --- Poster and share card ---------------------------------------------------------------


@require_safe
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(
        Film.objects.only("id", "title", "year", "slug"), slug=slug
    )
    genre = poster_svg.defining_genre(list(film.genres.values_list("name", flat=True)))
    directors = list(
        Credit.objects.filter(film=film, department=Credit.Department.DIRECTING)
        .order_by("order", "id")
        .values_list("person__name", flat=True)[:2]
    )
    svg = poster_svg.render_poster(
        slug=film.slug,
        title=film.title,
        year=film.year,
        genre=genre,
        directors=directors,
    )
    etag = f'"{poster_svg.fingerprint(svg)}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400, stale-while-revalidate=604800"
    # A poster is an image: forbid scripts even if someone opens the SVG directly.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    return response


@require_safe
def share_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The film's share card (og:image): a 1200x630 PNG drawn from the poster."""
    inputs = share_card.share_card_inputs(slug)
    if inputs is None:
        raise Http404("No film has this address.")
    etag = f'"{inputs.fingerprint()}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(
            share_card.share_card_png(inputs), content_type="image/png"
        )
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400, stale-while-revalidate=604800"
    return response


LANGUAGE_TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-(?P<country>[A-Z]{2}))?$")


@require_safe
def synopsis_translation(request: HttpRequest, slug: str, tag: str) -> JsonResponse:
    """The film's title, overview and tagline in one language (`fr-FR`), for the
    language switch of the synopsis: the film page stays one cached page for every
    visitor, and only the translation the visitor picks travels. A language with a
    title or tagline but no overview is served with an empty overview; 404 for a
    film or language with nothing to show (`Translation.adds_text_to`)."""
    match = LANGUAGE_TAG.fullmatch(tag)
    if match is None:
        return JsonResponse({"error": "Not a language tag (fr, pt-BR)."}, status=404)
    rows = (
        Translation.objects.filter(
            film__slug=slug,
            language=match["language"],
            country=match["country"] or "",
        )
        .select_related("source", "film")
        .order_by("source__key")
    )
    row = next((row for row in rows if row.adds_text_to(row.film)), None)
    if row is None:
        return JsonResponse(
            {"error": "No translation of this film in that language."}, status=404
        )
    response = JsonResponse(
        {
            "language": row.tag,
            "title": row.title,
            "overview": row.overview,
            "tagline": row.tagline,
            "source": row.source.name,
        }
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def cached_image(request: HttpRequest, size: str, name: str) -> HttpResponseBase:
    """A TMDB image from the local image cache (`CINEMATHEQUE_IMAGE_CACHE`), fetched
    on its first request; 404 when the cache is off or the image is refused, 502
    when TMDB's image server fails."""
    if not settings.IMAGE_CACHE:
        raise Http404("The local image cache is off.")
    try:
        path, content_type = image_cache.image_get(size=size, name=name)
    except image_cache.ImageRefused as error:
        raise Http404(str(error)) from error
    except image_cache.ImageUnavailable:
        unavailable = HttpResponse(
            "TMDB's image server did not answer; try again later.",
            status=502,
            content_type="text/plain; charset=utf-8",
        )
        add_never_cache_headers(unavailable)
        return unavailable
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=2592000"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

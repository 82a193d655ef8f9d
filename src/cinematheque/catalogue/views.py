"""The HTML pages of the catalogue: home, browse, film page, genres, posters, about,
robots.txt, sitemaps and the 404 page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Min, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from cinematheque.catalogue import poster as poster_svg
from cinematheque.catalogue import share_card
from cinematheque.catalogue.articles import with_indefinite_article
from cinematheque.catalogue.browse import GENRE_DEFAULT_SORT, SORTS, BrowseParams
from cinematheque.catalogue.models import (
    Country,
    Film,
    FilmRelation,
    Genre,
    ReviewScore,
    Source,
)
from cinematheque.catalogue.page import (
    Facet,
    FilmLink,
    FilmPage,
    PageCredit,
    film_page_for_slug,
    slug_url,
    slug_url_parts,
)
from cinematheque.catalogue.parameters import (
    ParameterError,
    check_page_exists,
    parse_page,
)
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.catalogue.sitemaps import SITEMAPS
from cinematheque.catalogue.templatetags.catalogue import (
    format_release,
    format_score,
    iso_duration,
    iso_release,
)
from cinematheque.editorial.page import CatalogueFacts, editorial_for_film
from cinematheque.people.models import Credit, Person
from cinematheque.recommendations.models import Recommendation

FILMS_PER_PAGE = 24
STARRING_COUNT = 4
HEADING_GENRES = 3  # the heading tags the most central genres; the facts list all
# Lists shown on the home page and in filter menus: cheap to rebuild, read on every
# request, so they are cached briefly (an import shows up within this many seconds).
LISTS_CACHE_SECONDS = 300

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
# the genre's order; without a genre that sort is the notability order.
BROWSE_CENTRALITY_LABEL = "Most central to a chosen genre, else most notable"
assert set(SORT_LABELS) <= set(SORTS)  # noqa: S101 - a typo here must fail at import

# How a relation reads from each end: "Remake of L.A. Takedown (1989)" on the remake,
# "Remade as Heat (1995)" on the original.
RELATION_FORWARD = {
    FilmRelation.Kind.REMAKE_OF: "Remake of",
    FilmRelation.Kind.SEQUEL_TO: "Sequel to",
    FilmRelation.Kind.BASED_ON: "Based on",
    FilmRelation.Kind.VERSION_OF: "Another version of",
}
RELATION_BACKWARD = {
    FilmRelation.Kind.REMAKE_OF: "Remade as",
    FilmRelation.Kind.SEQUEL_TO: "Followed by",
    FilmRelation.Kind.BASED_ON: "Adapted as",
    FilmRelation.Kind.VERSION_OF: "Another version:",
}
SCORE_NAMES = {
    ReviewScore.Kind.TOMATOMETER: ("Rotten Tomatoes", "Tomatometer"),
    ReviewScore.Kind.RT_AVERAGE: ("Rotten Tomatoes", "Average critic rating"),
    ReviewScore.Kind.RT_AUDIENCE: ("Rotten Tomatoes", "Audience score"),
    ReviewScore.Kind.METACRITIC: ("Metacritic", "Metascore"),
    ReviewScore.Kind.IMDB: ("IMDb", "User rating"),
}
SCORE_ORDER = {kind: index for index, kind in enumerate(SCORE_NAMES)}
DEPARTMENT_ORDER = [
    Credit.Department.DIRECTING,
    Credit.Department.WRITING,
    Credit.Department.ACTING,
    Credit.Department.PRODUCTION,
    Credit.Department.CAMERA,
    Credit.Department.EDITING,
    Credit.Department.SOUND,
    Credit.Department.ART,
]


def absolute_url(request: HttpRequest, path: str) -> str:
    """SITE_URL + path when the operator set SITE_URL, else built from the request."""
    site_url = settings.SITE_URL
    if site_url:
        return site_url + path
    return request.build_absolute_uri(path)


# --- Film page -------------------------------------------------------------------


@dataclass(slots=True)
class CreditGroup:
    department: str
    label: str
    credits: list[PageCredit]


@dataclass(slots=True)
class RelatedWork:
    phrase: str
    film: FilmLink
    note: str


@dataclass(slots=True)
class ScoreLine:
    kind: str
    value: str
    """As shown: '84%', '7.8/10'."""
    outlet: str
    measure: str
    review_count: int | None
    source: Source


@dataclass(slots=True)
class RecommendationCard:
    title: str
    year: int | None
    url: str
    poster_url: str
    reason: str


# The film's "Don't forget to watch" list through the recommendations app's own read
# (`for_film`), prepared once: a card needs these columns only.
_RECOMMENDATIONS = PreparedQuery(
    lambda film_id: Recommendation.objects.for_film(film_id).values_list(
        "recommended__title", "recommended__year", "recommended__slug", "reason"
    )
)


@require_safe
def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = film_page_for_slug(slug)
    if page is None:
        raise Http404("No film has this address.")
    context = film_page_context(request, page)
    context["editorial"] = editorial_for_film(  # published copies only
        page.film, facts=CatalogueFacts.from_page(page)
    )
    context["nav"] = "films"
    context["recommendations"] = recommendation_cards(page.film)
    return render(request, "catalogue/film_detail.html", context)


def recommendation_cards(film: Film) -> list[RecommendationCard]:
    film_prefix, film_suffix = slug_url_parts("catalogue:film")
    poster_prefix, poster_suffix = slug_url_parts("catalogue:poster")
    return [
        RecommendationCard(
            title=title,
            year=year,
            url=f"{film_prefix}{slug}{film_suffix}",
            poster_url=f"{poster_prefix}{slug}{poster_suffix}",
            reason=reason,
        )
        for title, year, slug, reason in _RECOMMENDATIONS.rows(film.pk)
    ]


def film_page_context(request: HttpRequest, page: FilmPage) -> dict[str, Any]:
    """Everything the film page's sections read, from the loaded page only (no
    further queries). Each section include reads its own keys."""
    film = page.film
    by_department: dict[str, list[PageCredit]] = {}
    for credit in page.credits:
        by_department.setdefault(credit.department, []).append(credit)
    cast = by_department.get(Credit.Department.ACTING, [])
    directors = _unique_people(by_department.get(Credit.Department.DIRECTING, []))
    writers = _unique_people(by_department.get(Credit.Department.WRITING, []))
    crew_groups = [
        CreditGroup(
            department=department,
            label=Credit.Department(department).label,
            credits=by_department[department],
        )
        for department in DEPARTMENT_ORDER
        if department != Credit.Department.ACTING and department in by_department
    ]
    related = [
        RelatedWork(
            (RELATION_FORWARD if relation.forward else RELATION_BACKWARD)[
                relation.kind
            ],
            relation.other,
            relation.note,
        )
        for relation in page.relations
    ]
    scores = [
        ScoreLine(
            kind=score.kind,
            value=format_score(score.kind, score.value, score.scale),
            outlet=outlet,
            measure=measure,
            review_count=score.review_count,
            source=score.source,
        )
        for score in sorted(
            page.scores,
            key=lambda score: SCORE_ORDER.get(score.kind, len(SCORE_ORDER)),
        )
        for outlet, measure in [
            SCORE_NAMES.get(score.kind, (score.source.name, "Score"))
        ]
    ]
    site_root = absolute_url(request, "/").removesuffix("/")
    canonical_url = site_root + slug_url("catalogue:film", film.slug)
    poster_url = slug_url("catalogue:poster", film.slug)
    description = film.overview or _summary_sentence(
        film, page.central_genres(1), directors, cast
    )
    return {
        "film": film,
        "about_url": reverse("catalogue:about"),
        "directors": directors,
        "writers": writers,
        "starring": cast[:STARRING_COUNT],
        "cast": cast,
        "crew_groups": crew_groups,
        "crew_count": sum(len(group.credits) for group in crew_groups),
        "genres": page.genres,
        "central_genres": page.central_genres(HEADING_GENRES),
        "countries": page.countries,
        "languages": page.languages,
        "companies": page.companies,
        "scores": scores,
        "scores_source": scores[0].source
        if scores and len({line.source.pk for line in scores}) == 1
        else None,
        "videos": page.videos,
        "related": related,
        "sources": page.sources,
        "release_text": format_release(
            film.release_date, film.release_date_precision, film.year
        ),
        "release_date_iso": film.release_date.isoformat() if film.release_date else "",
        "show_original_title": bool(
            film.original_title and film.original_title != film.title
        ),
        "canonical_url": canonical_url,
        "poster_url": poster_url,
        "og_image": site_root + slug_url("catalogue:share_image", film.slug),
        "og_image_width": share_card.WIDTH,
        "og_image_height": share_card.HEIGHT,
        "meta_description": description[:300],
        "jsonld": _movie_jsonld(
            film,
            site_root=site_root,
            canonical_url=canonical_url,
            image_url=slug_url("catalogue:share_image", film.slug),
            directors=directors,
            writers=writers,
            cast=cast,
            genres=page.genres,
        ),
    }


def _unique_people(credits: list[PageCredit]) -> list[PageCredit]:
    seen: set[int] = set()
    unique = []
    for credit in credits:
        if credit.person_id not in seen:
            seen.add(credit.person_id)
            unique.append(credit)
    return unique


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
        certifications = sorted(
            set(
                Film.objects.exclude(certification="")
                .values_list("certification", flat=True)
                .distinct()
            ),
            key=str.lower,
        )
        return FilterOptions(
            genres=list(Genre.objects.by_name().values_list("slug", "name")),
            decades=decades,
            certifications=certifications,
            countries=list(Country.objects.by_name().values_list("slug", "name")),
        )

    return cache.get_or_set("catalogue:filter-options", build, LISTS_CACHE_SECONDS)


def paginate(request: HttpRequest, films: QuerySet[Film]) -> Page:
    """The requested page of films; ParameterError (a message for the reader) when
    the page parameter is not a page number of this list."""
    number = parse_page(request.GET.get("page"))
    paginator = Paginator(films, FILMS_PER_PAGE)
    check_page_exists(number, paginator.num_pages)
    return paginator.page(number)


def _list_context(
    request: HttpRequest, base: QuerySet[Film], fixed: dict[str, str]
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
    try:
        params = BrowseParams.parse(raw)
    except ParameterError as error:
        context["error"] = error.message
        return context, 400
    context["selected"]["sort"] = raw["sort"] or GENRE_DEFAULT_SORT
    query = {k: v for k, v in params.as_query().items() if k not in fixed}
    context["query"] = urlencode(query)
    context["filtered"] = bool(set(query) - {"sort"})
    try:
        page = paginate(request, params.apply(base.with_card_relations()))
    except ParameterError as error:
        context["error"] = error.message
        return context, 400
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
    context, status = _list_context(request, Film.objects.all(), {})
    context["canonical_url"] = absolute_url(request, reverse("catalogue:film_list"))
    context["nav"] = "films"
    return render(request, "catalogue/film_list.html", context, status=status)


@require_safe
def genre_list(request: HttpRequest) -> HttpResponse:
    genres = [
        {
            **genre,
            # The same colours as the posters of the genre's films.
            "colours": poster_svg.palette_for(
                genre["name"], hashlib.sha256(genre["slug"].encode()).digest()
            ),
        }
        for genre in genre_counts()
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


def genre_counts() -> list[dict[str, Any]]:
    """Every genre with its number of films, largest first (cached)."""

    def build() -> list[dict[str, Any]]:
        return list(
            Genre.objects.annotate(film_count=Count("films"))
            .filter(film_count__gt=0)
            .order_by("-film_count", "name")
            .values("name", "slug", "film_count")
        )

    return cache.get_or_set("catalogue:genre-counts", build, LISTS_CACHE_SECONDS)


@require_safe
def genre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    genre = get_object_or_404(Genre, slug=slug)
    context, status = _list_context(request, Film.objects.all(), {"genre": genre.slug})
    context["genre"] = genre
    context["canonical_url"] = absolute_url(request, genre.get_absolute_url())
    context["nav"] = "genres"
    return render(request, "catalogue/genre_detail.html", context, status=status)


def decade_counts() -> list[dict[str, int]]:
    """Films per decade, oldest first (cached)."""

    def build() -> list[dict[str, int]]:
        per_decade: dict[int, int] = {}
        for year, count in (
            Film.objects.filter(year__isnull=False)
            .values_list("year")
            .annotate(n=Count("id"))
            .order_by()
        ):
            per_decade[year // 10 * 10] = per_decade.get(year // 10 * 10, 0) + count
        return [
            {"decade": decade, "film_count": count}
            for decade, count in sorted(per_decade.items())
        ]

    return cache.get_or_set("catalogue:decade-counts", build, LISTS_CACHE_SECONDS)


def home_lists() -> dict[str, list[Film]]:
    """The film cards of the home page (cached like the other lists)."""

    def build() -> dict[str, list[Film]]:
        cards = Film.objects.with_card_relations()
        return {
            "notable": list(cards.order_by("-notability", "title")[:12]),
            "critics": critics_favourites(cards),
            "newest": list(
                cards.filter(year__isnull=False).order_by(
                    "-year", "-notability", "title"
                )[:6]
            ),
        }

    return cache.get_or_set("catalogue:home-lists", build, LISTS_CACHE_SECONDS)


def critics_favourites(cards: QuerySet[Film]) -> list[Film]:
    """The film with the best critics' score (Film.critics_score, which weighs the
    number of reviews) of each decade, oldest decade first: one query plus the
    cards' prefetches."""
    best = (
        Film.objects.filter(year__isnull=False, critics_score__isnull=False)
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
    return list(cards.filter(pk__in=best).order_by("year", "title"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/home.html",
        {
            **home_lists(),
            "genres": genre_counts()[:18],
            "decades": decade_counts(),
            "film_count": cache.get_or_set(
                "catalogue:film-count", Film.objects.count, LISTS_CACHE_SECONDS
            ),
            "canonical_url": absolute_url(request, reverse("catalogue:home")),
        },
    )


# --- Poster, about, robots, sitemaps, errors --------------------------------------------


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


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.annotate(film_count=Count("films")).order_by("name")
    return render(
        request,
        "catalogue/about.html",
        {
            "sources": sources,
            "film_count": Film.objects.count(),
            "person_count": Person.objects.count(),
            "credit_count": Credit.objects.count(),
            "genre_count": Genre.objects.count(),
            "canonical_url": absolute_url(request, reverse("catalogue:about")),
            "nav": "about",
        },
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = absolute_url(request, reverse("catalogue:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Sitemaps list every film and person: thousands of URLs per page, read by crawlers
# now and then, so each page is kept for an hour.
SITEMAP_CACHE_SECONDS = 3600


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap index: one entry per page of each section, on SITE_URL if set
    (Django's own index view always uses the request's host)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        section_sitemap = sitemap_class()
        location = absolute_url(
            request, reverse("catalogue:sitemap_section", args=[section])
        )
        lastmod = section_sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={number}", lastmod)
            for number in range(2, section_sitemap.paginator.num_pages + 1)
        ]
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)

"""Where to watch: the region-keyed offers fragment that the film page loads after
it is shown, the same offers as a page of their own (for browsers without
JavaScript), and the region switcher's form."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from cinematheque.catalogue.models import Film
from cinematheque.members.ratelimit import rate_limited
from cinematheque.pages.cookie_names import site_cookie, site_cookie_secure
from cinematheque.watch.models import MemberService
from cinematheque.watch.where.cache import fragment_get_or_render
from cinematheque.watch.where.countries import country_name, normalise_country
from cinematheque.watch.where.offers import WhereToWatch, where_to_watch
from cinematheque.watch.where.regions import (
    COOKIE_SECONDS,
    WATCH_REGION_COOKIE,
    resolve_region,
)

FRAGMENT_TEMPLATE = "watch/where/_offers.html"
# Browsers keep a region's fragment 10 minutes: offers change by the day, and a
# fragment asked for again within that time costs no request. Shared caches (the
# shipped nginx) keep it a minute, since they cannot be told that offers changed.
FRAGMENT_MAX_AGE = 600
FRAGMENT_PROXY_SECONDS = 60
BAD_REGION = "The region must be a two-letter ISO 3166-1 country code, like FR or US."


def _film_or_404(slug: str) -> Film:
    film = (
        Film.objects.filter(slug=slug)
        .only("id", "slug", "title", "year", "tmdb_id")
        .first()
    )
    if film is None:
        raise Http404("No film has this address.")
    return film


def member_provider_ids(request: HttpRequest) -> frozenset[str]:
    """The TMDB provider ids of the signed-in member's services (none for others)."""
    user = request.user
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        MemberService.objects.filter(user=user).values_list("provider_id", flat=True)
    )


def _fragment_html(request: HttpRequest, where: WhereToWatch) -> str:
    return render_to_string(FRAGMENT_TEMPLATE, {"where": where}, request=request)


@require_safe
def offers_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """The film's offers in `?region=` (the visitor's resolved region without it),
    as an HTML fragment. A region's fragment is the same for every visitor: public
    and cached per film and region. A signed-in member's marks their own services:
    private, rendered for them."""
    film = _film_or_404(slug)
    asked = request.GET.get("region")
    if asked is None:
        region = resolve_region(request).code
    else:
        region = normalise_country(asked) or ""
        if not region:
            return HttpResponseBadRequest(BAD_REGION, content_type="text/plain")
    if request.user.is_authenticated:
        where = where_to_watch(
            film, region, preferred_provider_ids=member_provider_ids(request)
        )
        response = HttpResponse(_fragment_html(request, where))
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        return response
    html = fragment_get_or_render(
        film.pk, region, lambda: _fragment_html(request, where_to_watch(film, region))
    )
    response = HttpResponse(html)
    if asked is None:  # depends on the cookie and the languages: this browser's only
        patch_cache_control(response, private=True, max_age=0)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=FRAGMENT_MAX_AGE,
            s_maxage=FRAGMENT_PROXY_SECONDS,
        )
        patch_vary_headers(response, ("Cookie",))  # members get their own
    return response


@require_safe
def film_where(request: HttpRequest, slug: str) -> HttpResponse:
    """The film's offers as a page (the film page's link for browsers without
    JavaScript), with the region switcher as a plain form. Personal: not cached."""
    film = _film_or_404(slug)
    region = resolve_region(request)
    where = where_to_watch(
        film, region.code, preferred_provider_ids=member_provider_ids(request)
    )
    response = render(
        request,
        "watch/where/film.html",
        {"film": film, "where": where, "region": region},
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_POST
@rate_limited("watch-region", limit=30, window=60)
def region_set(request: HttpRequest) -> HttpResponse:
    """Choose the where-to-watch region: kept in the `watch_region` cookie, and for
    a signed-in member saved to their account (their `region` setting). Answers JSON
    to a script, else sends the browser back to `next`."""
    region = normalise_country(request.POST.get("region"))
    wants_json = "application/json" in request.headers.get("Accept", "")
    if region is None:
        if wants_json:
            return JsonResponse({"errors": {"region": BAD_REGION}}, status=400)
        return HttpResponseBadRequest(BAD_REGION, content_type="text/plain")
    saved = _save_member_region(request, region)
    response: HttpResponse
    if wants_json:
        response = JsonResponse(
            {"region": region, "name": country_name(region), "saved": saved}
        )
    else:
        response = HttpResponseRedirect(_next_address(request))
    response.set_cookie(
        site_cookie(WATCH_REGION_COOKIE),
        region,
        max_age=COOKIE_SECONDS,
        samesite="Lax",
        secure=site_cookie_secure(request),
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _save_member_region(request: HttpRequest, region: str) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if getattr(user, "region", None) != region:
        user.region = region
        user.save(update_fields=["region"])
    return True


def _next_address(request: HttpRequest) -> str:
    address = request.POST.get("next", "")
    if address and url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return address
    return reverse("catalogue:home")

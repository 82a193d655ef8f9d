"""The site shell: the about page, robots.txt, the sitemap index and its sections,
the 404 page.

The about page is a page of sections (pages/registry.py): the apps that import data
register what it says of their sources, as they register their film page sections."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from cinematheque.pages.assembly import CONTEXT_NAME, assemble
from cinematheque.pages.sitemaps import SITEMAPS


def absolute_url(request: HttpRequest, path: str) -> str:
    """SITE_URL + path when the operator set SITE_URL, else built from the request."""
    site_url = settings.SITE_URL
    if site_url:
        return site_url + path
    return request.build_absolute_uri(path)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/about.html",
        {
            CONTEXT_NAME: assemble("about", None),
            "canonical_url": absolute_url(request, reverse("pages:about")),
            "nav": "about",
        },
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = absolute_url(request, reverse("pages:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Sitemaps list every film and person: the page cache keeps them until a film,
# person or collection changes (`sitemaps`, pages/page_cache.py).


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap index: one entry per page of each section, on SITE_URL if set
    (Django's own index view always uses the request's host)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        section_sitemap = sitemap_class()
        location = absolute_url(
            request, reverse("pages:sitemap_section", args=[section])
        )
        lastmod = section_sitemap.get_latest_lastmod()
        # django-stubs types lastmod as bool; Django passes the datetime to the template.
        entries.append(SitemapIndexItem(location, lastmod))  # type: ignore[arg-type]
        entries += [
            SitemapIndexItem(f"{location}?p={number}", lastmod)  # type: ignore[arg-type]
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
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One page of a sitemap section (`?p=N`), as Django's sitemap view writes it,
    through a Jinja2 template: Django's template took most of a second for a page of
    10,000 films."""
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404(f"No sitemap section {section!r}.")
    sitemap = sitemap_class()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1),
            site=get_current_site(request),
            protocol=request.scheme,
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None
    rows = [
        (
            url["location"],
            url["lastmod"].date().isoformat() if url["lastmod"] else "",
            url["changefreq"] or "",
            url["priority"],
        )
        for url in urls
    ]
    latest = getattr(sitemap, "latest_lastmod", None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return TemplateResponse(
        request,
        "pages/sitemap.xml",
        {"urlset": rows},
        content_type="application/xml",
        headers=headers,
    )


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)

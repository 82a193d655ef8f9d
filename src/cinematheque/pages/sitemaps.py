"""The sitemap sections of /sitemap.xml, registered by the apps that own the pages
(`register_sitemap("films", FilmSitemap)` in an app's sections.py)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Max, Min, QuerySet
from django.urls import reverse

if TYPE_CHECKING:
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite

SITEMAPS: dict[str, type[Sitemap]] = {}
"""Section name → sitemap class, in the order the index lists them."""


def register_sitemap(name: str, sitemap: type[Sitemap]) -> type[Sitemap]:
    """Add a section to the sitemap index (at /sitemap-<name>.xml)."""
    if SITEMAPS.get(name, sitemap) is not sitemap:
        raise ValueError(f"The sitemap section {name!r} is already registered.")
    SITEMAPS[name] = sitemap
    return sitemap


class SiteSitemap(Sitemap):
    """Absolute URLs on SITE_URL when the operator set it, else on the request's host."""

    @property
    def protocol(self) -> str | None:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme or None

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)


class IdRangePaginator:
    """Pages of `items` by ranges of primary key: page N holds the rows whose id is
    in (start + (N-1)·per_page, start + N·per_page], where start is one below the
    lowest id.

    Django's Paginator counts every row and reads page 100 of a million films with
    `OFFSET 990000`, which walks the whole index up to it; a range of ids is one
    index seek whatever the page. Gaps in the ids make a page shorter, never
    longer than `per_page`."""

    def __init__(self, items: QuerySet[Any], per_page: int) -> None:
        self.items = items
        self.per_page = per_page

    @cached_property
    def _bounds(self) -> tuple[int, int]:
        ids = self.items.aggregate(lowest=Min("pk"), highest=Max("pk"))
        if ids["lowest"] is None:
            return 0, 0
        return ids["lowest"] - 1, ids["highest"]

    @cached_property
    def num_pages(self) -> int:
        start, highest = self._bounds
        return max(1, -(-(highest - start) // self.per_page))

    def page(self, number: int | str) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        start = self._bounds[0]
        rows = self.items.filter(
            pk__gt=start + (number - 1) * self.per_page,
            pk__lte=start + number * self.per_page,
        )
        return Page(rows, number, self)  # type: ignore[arg-type]


class IdRangeSitemap(SiteSitemap):
    """A sitemap section of many rows (films, people), paged by id ranges.

    A page of 10,000 rows is read as (slug, last change) tuples and its URLs built
    from one prefix: Django's loop asks the sitemap for each item's location,
    priority and lastmod, which took seconds a page."""

    url_name: str = ""  # the page of one row, reversed with its slug
    lastmod_field: str | None = None

    @property
    def paginator(self) -> IdRangePaginator:  # type: ignore[override]
        return IdRangePaginator(cast(QuerySet[Any], self.items()), self.limit)

    def get_latest_lastmod(self) -> Any:
        # One MAX(): Django's default would call a lastmod() on every row of the
        # section (3,000,000 people read for the sitemap index).
        if not self.lastmod_field:
            return None
        items = cast(QuerySet[Any], self.items())
        return items.aggregate(latest=Max(self.lastmod_field))["latest"]

    def path_prefix(self) -> str:
        """The path of the row with slug 'x', without its 'x/': built once a page."""
        return reverse(self.url_name, args=["x"]).removesuffix("x/")

    def get_urls(
        self,
        page: int | str = 1,
        site: Site | RequestSite | None = None,
        protocol: str | None = None,
    ) -> list[dict[str, Any]]:
        prefix = (
            f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
            f"{self.path_prefix()}"
        )
        fields = ["slug"] + ([self.lastmod_field] if self.lastmod_field else [])
        page_rows = cast(QuerySet[Any], self.paginator.page(page).object_list)
        rows = page_rows.values_list(*fields)
        shared = {
            "changefreq": getattr(self, "changefreq", None),
            "priority": str(getattr(self, "priority", "")),
        }
        urls = []
        latest = None
        for slug, *lastmod in rows:
            changed = lastmod[0] if lastmod else None
            if changed is not None and (latest is None or changed > latest):
                latest = changed
            urls.append({"location": f"{prefix}{slug}/", "lastmod": changed, **shared})
        if latest is not None:
            self.latest_lastmod = latest
        return urls

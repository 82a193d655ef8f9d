"""The catalogue's sitemap sections (registered in catalogue/sections.py) for
/sitemap.xml (an index, pages/views.py) and /sitemap-<section>.xml?p=N.

Each section is paginated well under the protocol's 50,000-URL limit, so the index
lists several pages for the films and the people of the full catalogue; films and
people are paged by ranges of ids, so page 100 of a million films costs what page 1
does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from cinematheque.catalogue.models import Film, Genre
from cinematheque.pages.sitemaps import IdRangeSitemap, SiteSitemap
from cinematheque.people.models import Person

URLS_PER_SITEMAP = 10_000


class FilmSitemap(IdRangeSitemap):
    limit = URLS_PER_SITEMAP
    changefreq = "monthly"
    priority = 0.8
    url_name = "catalogue:film"
    lastmod_field = "updated_at"

    def items(self) -> QuerySet[Film]:
        return Film.objects.only("id", "slug", "updated_at").order_by("id")


class PersonSitemap(IdRangeSitemap):
    limit = URLS_PER_SITEMAP
    changefreq = "monthly"
    priority = 0.5
    url_name = "people:person"

    def items(self) -> QuerySet[Person]:
        return Person.objects.only("id", "slug").order_by("id")


class GenreSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Genre]:
        return Genre.objects.order_by("name")


class PageSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> list[str]:
        return [
            "catalogue:home",
            "catalogue:film_list",
            "catalogue:genre_list",
            "pages:about",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

"""The sitemap sections of /sitemap.xml, registered by the apps that own the pages
(`register_sitemap("films", FilmSitemap)` in an app's sections.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

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

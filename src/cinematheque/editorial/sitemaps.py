"""Sitemap section of the published collections (registered in editorial/sections.py)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from cinematheque.editorial.models import Collection
from cinematheque.pages.sitemaps import SiteSitemap


class CollectionSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet[Collection]:
        return Collection.objects.live().only("id", "slug", "last_published_at")

    def lastmod(self, item: Collection) -> datetime | None:
        return item.last_published_at

"""Sitemap section of the published collections (registered in catalogue.sitemaps)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from cinematheque.editorial.models import Collection


class CollectionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet[Collection]:
        return Collection.objects.live().only("id", "slug", "last_published_at")

    def lastmod(self, item: Collection) -> datetime | None:
        return item.last_published_at

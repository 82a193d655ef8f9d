"""Fill the local image cache ahead of the pages (`CINEMATHEQUE_IMAGE_CACHE=1`).

    cinematheque images refresh [--limit N]

Fetches from TMDB's image server, in the sizes the pages ask for, the posters and
backdrops of the films (most notable first) and the photos of the people (most
prominent first) that the cache does not hold yet; then prunes the cache to
CINEMATHEQUE_IMAGE_CACHE_MAX_BYTES.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinematheque.catalogue import image_cache
from cinematheque.catalogue.images import CARD_POSTER_WIDTH, tmdb_image_configuration
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.page import BACKDROP_WIDTH, POSTER_WIDTH
from cinematheque.catalogue.page import PHOTO_WIDTH as CAST_PHOTO_WIDTH
from cinematheque.people.models import Person
from cinematheque.people.views import PHOTO_WIDTH as PERSON_PHOTO_WIDTH


def wanted_images(limit: int) -> Iterator[tuple[str, str]]:
    """(size, file name) of the images the pages show, most visited first."""
    config = tmdb_image_configuration()
    films = Film.objects.exclude(poster_path="", backdrop_path="").order_by(
        "-notability", "pk"
    )
    if limit:
        films = films[:limit]
    for poster, backdrop in films.values_list("poster_path", "backdrop_path"):
        if poster:
            for width in (CARD_POSTER_WIDTH, POSTER_WIDTH):
                yield config.size_for("poster", width), poster.lstrip("/")
        if backdrop:
            yield config.size_for("backdrop", BACKDROP_WIDTH), backdrop.lstrip("/")
    people = Person.objects.exclude(profile_path="").order_by("-prominence", "pk")
    if limit:
        people = people[:limit]
    for path in people.values_list("profile_path", flat=True):
        for width in (CAST_PHOTO_WIDTH, PERSON_PHOTO_WIDTH):
            yield config.size_for("profile", width), path.lstrip("/")


class Command(BaseCommand):
    help = "Fetch the images the pages show into the local image cache."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=0,
            help="only the N most notable films and N most prominent people (0: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.IMAGE_CACHE:
            raise CommandError(
                "The local image cache is off: set CINEMATHEQUE_IMAGE_CACHE=1."
            )
        if options["limit"] < 0:
            raise CommandError("--limit must be 0 (all) or a positive number.")
        fetched = present = failed = 0
        with httpx.Client(
            timeout=image_cache.FETCH_TIMEOUT, follow_redirects=True
        ) as client:
            for size, name in dict.fromkeys(wanted_images(options["limit"])):
                try:
                    if image_cache.cached_path(size, name).is_file():
                        present += 1
                        continue
                    image_cache.image_fetch(size=size, name=name, client=client)
                    fetched += 1
                except image_cache.ImageCacheError as error:
                    failed += 1
                    self.stderr.write(f"Not cached {size}/{name}: {error}")
        pruned = image_cache.image_cache_prune()
        self.stdout.write(
            f"Images fetched: {fetched}; already cached: {present}; failed: {failed}; "
            f"removed to stay under the cap: {pruned.files_removed}; "
            f"cache size: {pruned.bytes_kept} bytes"
        )

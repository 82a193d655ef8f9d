"""Keep the local image cache under its cap.

    cinematheque images prune [--max-bytes N]

Removes the least recently used images until the cache holds at most
CINEMATHEQUE_IMAGE_CACHE_MAX_BYTES (or --max-bytes), and leftovers of interrupted
fetches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinematheque.catalogue import image_cache


class Command(BaseCommand):
    help = "Remove the least recently used images beyond the image cache's cap."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="the cap (default: CINEMATHEQUE_IMAGE_CACHE_MAX_BYTES)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["max_bytes"] is not None and options["max_bytes"] < 0:
            raise CommandError("--max-bytes must be 0 or a positive number.")
        report = image_cache.image_cache_prune(max_bytes=options["max_bytes"])
        self.stdout.write(
            f"Images removed: {report.files_removed} ({report.bytes_removed} bytes); "
            f"cache size: {report.bytes_kept} bytes"
        )

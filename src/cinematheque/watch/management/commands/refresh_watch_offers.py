"""Fetch where-to-watch offers again from TMDB (needs TMDB_API_KEY or
TMDB_READ_ACCESS_TOKEN).

    cinematheque watch refresh-offers [--older-than DAYS] [--limit N]

Films with a TMDB id whose offers were never fetched, or fetched more than DAYS ago
(default 7), never-fetched first and then the oldest; each film's offers are
replaced in one transaction. A film whose fetch fails keeps its offers and is
reported on stderr; the others go on. A refused key stops the run at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinematheque.ingest import tmdb
from cinematheque.watch.where.refresh import refresh_watch_offers

DEFAULT_DAYS = 7


class Command(BaseCommand):
    help = "Fetch again from TMDB the where-to-watch offers older than some days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_DAYS,
            metavar="DAYS",
            help=f"films whose offers were fetched more than DAYS ago, or never "
            f"(default {DEFAULT_DAYS}; 0: every film linked to TMDB)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            metavar="N",
            help="at most N films, the oldest first (default: all that are due)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days, limit = options["older_than"], options["limit"]
        if days < 0:
            raise CommandError("--older-than must be 0 or a positive number of days.")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number of films.")
        try:
            report = refresh_watch_offers(
                older_than=datetime.timedelta(days=days), limit=limit
            )
        except tmdb.TmdbError as error:
            raise CommandError(str(error)) from error
        for slug, reason in report.failed:
            self.stderr.write(f"Failed {slug}: {reason} It keeps its offers.")
        for slug, reason in report.skipped_items:
            self.stderr.write(f"Left out of {slug}: {reason}")
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Watch offers checked: {report.checked}; changed: {report.changed}; "
                f"unchanged: {report.unchanged}; failed: {len(report.failed)}"
            )
        if report.failed and report.failed_all:
            raise CommandError("No film's offers could be fetched from TMDB.")

"""Compute the "Don't forget to watch" list of every film (or refresh one film's).

cinematheque recommendations rebuild
cinematheque manage rebuild_recommendations --film heat-1995
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from cinematheque.catalogue.models import Film
from cinematheque.recommendations.services import (
    LIST_LENGTH,
    recommendations_rebuild,
    recommendations_refresh_for_film,
)


class Command(BaseCommand):
    help = (
        "Compute and store the related films, with a reason each, shown as "
        '"Don\'t forget to watch" on every film page.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--film",
            metavar="SLUG",
            help="refresh only this film (e.g. heat-1995) and the lists around it",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=LIST_LENGTH,
            help=f"films per list (8 to 20, default {LIST_LENGTH})",
        )

    def handle(self, *args: object, **options: object) -> None:
        limit = int(options["limit"])  # type: ignore[call-overload]
        if not 8 <= limit <= 20:
            raise CommandError("--limit must be between 8 and 20.")
        verbosity = int(options["verbosity"])  # type: ignore[call-overload]
        slug = options.get("film")
        if slug:
            film = Film.objects.filter(slug=slug).first()
            if film is None:
                raise CommandError(
                    f"No film with slug {slug!r}; the slug is the end of the film "
                    "page's address, e.g. heat-1995."
                )
            lists = recommendations_refresh_for_film(film=film, limit=limit)
            if verbosity:
                self.stdout.write(f"Refreshed {lists} lists around {film}.")
            return
        if not Film.objects.exists():
            raise CommandError(
                "The catalogue is empty: run `cinematheque import open-catalogue` "
                "first."
            )
        with Progress(
            TextColumn("Recommendations"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=verbosity == 0,
        ) as bar:
            task = bar.add_task("films", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = recommendations_rebuild(limit=limit, progress=progress)
        if verbosity:
            self.stdout.write(
                f"{result.recommendations} recommendations for {result.films} films "
                f"in {result.seconds:.1f} s."
            )

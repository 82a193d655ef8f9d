"""Recompute how central each genre is to each film (FilmGenre.centrality) and the order
of every genre's films (FilmGenre.rank). The import runs this itself; run it after
changing genres, credits or collections by other means.

    cinematheque manage refresh_genre_centrality
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cinematheque.catalogue.centrality import genre_centrality_refresh


class Command(BaseCommand):
    help = "Recompute the centrality of every film's genres and the genre pages' order."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = genre_centrality_refresh()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Genre centrality: {summary.pairs} film genres, "
                f"{summary.changed} changed."
            )

"""Write everything of a member (diary, ratings, reviews, watchlist, lists, profile,
favourites, follows) to a zip: CSV in Letterboxd's import columns and JSON.

    cinematheque members export --user NAME OUT.zip
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, Progress, TimeElapsedColumn

from cinematheque.members.export import member_export


class Command(BaseCommand):
    help = "Export a member's history to a zip (Letterboxd CSV and JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", type=Path, help="the zip file to write")
        parser.add_argument("--user", required=True, help="the member's username")
        parser.add_argument(
            "--no-progress", action="store_true", help="do not draw a progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist as error:
            raise CommandError(f"No member is called {options['user']!r}.") from error
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"No directory {out.parent} to write {out.name} in.")
        show = options["verbosity"] > 0 and not options["no_progress"]
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TimeElapsedColumn(),
            disable=not show,
        ) as bar:
            task = bar.add_task("Exporting", total=5)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            data = member_export(user=user, progress=progress)
        out.write_bytes(data)
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {out} ({len(data) / 1024:.0f} KB).")

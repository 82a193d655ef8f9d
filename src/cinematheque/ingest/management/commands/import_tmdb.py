"""Import films from TMDB (needs TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN).

    cinematheque import tmdb --film heat-1995 [--film …]   films of the catalogue
    cinematheque import tmdb --imdb tt0113277 [--imdb …]   films by IMDb id (new ones too)
    cinematheque import tmdb --changes [--since 2026-11-20] films TMDB changed since then
    cinematheque import tmdb --all [--limit N]            every film linked to TMDB
    cinematheque import tmdb --person 287 [--person al-pacino] people by TMDB id or slug

Each film is fetched whole (details with every block appended) before anything is
written, and written in one transaction: a film whose fetch fails keeps what it had
and is reported on stderr; the others go on. A refused key stops the run at once.
A film import also fetches each film's first TMDB_PEOPLE_PER_FILM people.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cinematheque.catalogue.models import Film
from cinematheque.ingest import tmdb
from cinematheque.ingest.reporting import ImportConsole, summary_lines
from cinematheque.ingest.services import (
    TmdbImportReport,
    TmdbPeopleReport,
    tmdb_films_import,
    tmdb_ids_for_films,
    tmdb_linked_changes,
    tmdb_people_import,
    touched_refresh,
)
from cinematheque.people.models import Person

IMDB_FILM_ID = re.compile(r"^tt\d{7,10}$")
CHANGES_DEFAULT_DAYS = 1  # TMDB's own default window for /movie/changes


class Command(BaseCommand):
    help = (
        "Import films from TMDB: details, cast and crew in billing order, release "
        "dates and certifications, videos, images and where to watch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument(
            "--film",
            action="append",
            metavar="SLUG",
            help="a film of the catalogue (heat-1995), found on TMDB by its TMDB or "
            "IMDb id; repeat for more",
        )
        what.add_argument(
            "--imdb",
            action="append",
            metavar="TT",
            help="a film by IMDb id (tt0113277), added when the catalogue lacks it; "
            "repeat for more",
        )
        what.add_argument(
            "--changes",
            action="store_true",
            help="the catalogue's films that TMDB changed since --since",
        )
        what.add_argument(
            "--all",
            action="store_true",
            help="every film of the catalogue linked to TMDB",
        )
        what.add_argument(
            "--person",
            action="append",
            metavar="ID|SLUG",
            help="a person by TMDB id (287, added when the catalogue lacks them) or "
            "a person of the catalogue by slug; repeat for more",
        )
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="with --changes: the first day to look at (default: yesterday)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=0,
            help="with --all: only the first N films by TMDB id (0: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["since"] and not options["changes"]:
            raise CommandError("--since goes with --changes.")
        if options["limit"] < 0:
            raise CommandError("--limit must be 0 (all films) or a positive number.")
        if options["person"]:
            self._import_people(options)
            return
        try:
            with tmdb.client_from_settings() as client:
                tmdb_ids = self._tmdb_ids(client, options)
                if not tmdb_ids:
                    self.stdout.write("Nothing to import.")
                    return
                self.verbosity = options["verbosity"]
                with ImportConsole(
                    self, label="Importing from TMDB", total=len(tmdb_ids)
                ) as console:
                    report = tmdb_films_import(
                        client=client,
                        tmdb_ids=tmdb_ids,
                        on_film=lambda _tmdb_id, _outcome: console.advance(1),
                    )
        except tmdb.TmdbError as error:
            raise CommandError(str(error)) from error
        self._write_report(report, options["verbosity"])
        touched_refresh(films=report.touched_films, people=report.touched_people)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("TMDB import complete."))

    def _import_people(self, options: dict[str, Any]) -> None:
        tmdb_ids = [person_tmdb_id(value) for value in options["person"]]
        try:
            with tmdb.client_from_settings() as client:
                report = tmdb_people_import(client=client, tmdb_ids=tmdb_ids)
        except tmdb.TmdbError as error:
            raise CommandError(str(error)) from error
        self._write_people_report(report, options["verbosity"])
        touched_refresh(films=(), people=report.touched_people, recommendations=False)
        if not report.fetched:
            raise CommandError("No person could be fetched from TMDB.")
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("TMDB import complete."))

    def _write_people_report(self, report: TmdbPeopleReport, verbosity: int) -> None:
        for ref, reason in report.failed:
            self.stderr.write(f"Failed person {ref}: {reason} They keep what they had.")
        for ref, refused in report.ids_refused:
            self.stderr.write(
                f"Person {ref}: {refused} belongs to another person; not attached."
            )
        if verbosity >= 1:
            self.stdout.write(
                f"TMDB people fetched: {report.fetched}; created: {report.created}; "
                f"changed: {report.changed}; unchanged: {report.unchanged}; "
                f"failed: {len(report.failed)}"
            )

    def _tmdb_ids(self, client: tmdb.TmdbClient, options: dict[str, Any]) -> list[int]:
        if options["film"]:
            films = []
            for slug in options["film"]:
                film = Film.objects.filter(slug=slug).first()
                if film is None:
                    raise CommandError(f"No film has the slug {slug!r}.")
                if not (film.tmdb_id or film.imdb_id):
                    raise CommandError(
                        f"{film.display_title} has no TMDB or IMDb id to find it by; "
                        "import it with --imdb."
                    )
                films.append(film)
            ids = tmdb_ids_for_films(films, client=client)
            if len(ids) < len(films):
                self.stderr.write("Some films were not found on TMDB by their IMDb id.")
            return ids
        if options["imdb"]:
            ids = []
            for imdb_id in options["imdb"]:
                if not IMDB_FILM_ID.match(imdb_id):
                    raise CommandError(
                        f"{imdb_id!r} is not an IMDb film id (tt and 7 to 10 digits)."
                    )
                found = client.find_movie_ids(imdb_id)
                if not found:
                    self.stderr.write(f"TMDB has no film with the IMDb id {imdb_id}.")
                ids += found[:1]
            return ids
        if options["changes"]:
            today = timezone.now().date()
            since = options["since"] or today - datetime.timedelta(
                days=CHANGES_DEFAULT_DAYS
            )
            if since > today:
                raise CommandError(f"--since {since} is in the future.")
            return tmdb_linked_changes(client=client, start=since, end=today)
        linked = Film.objects.filter(tmdb_id__isnull=False).order_by("tmdb_id")
        if options["limit"]:
            linked = linked[: options["limit"]]
        return [
            tmdb_id for tmdb_id in linked.values_list("tmdb_id", flat=True) if tmdb_id
        ]

    def _write_report(self, report: TmdbImportReport, verbosity: int) -> None:
        for ref, reason in report.failed:
            self.stderr.write(f"Failed {ref}: {reason} It keeps what it had.")
        for ref, reason in report.skipped_items:
            self.stderr.write(f"Left out of {ref}: {reason}")
        if verbosity >= 1:
            self.stdout.write(
                f"TMDB films fetched: {report.films_fetched}; written: "
                f"{report.films_written}; unchanged: {report.films_unchanged}; "
                f"failed: {len(report.failed)}"
            )
        if report.failed and not report.films_fetched:
            raise CommandError("No film could be fetched from TMDB.")
        if verbosity >= 1:
            for line in summary_lines(report.upserted):
                self.stdout.write(line)
        if report.people is not None:
            self._write_people_report(report.people, verbosity)


def person_tmdb_id(value: str) -> int:
    """The TMDB id of `--person`: a number is one; a slug names a person of the
    catalogue, who must be linked to TMDB."""
    value = value.strip()
    if value.isdigit():
        if not 0 < int(value) < 2**31:
            raise CommandError(f"{value} is not a TMDB person id.")
        return int(value)
    person = Person.objects.filter(slug=value).first()
    if person is None:
        raise CommandError(f"No person has the slug {value!r}.")
    if not person.tmdb_id:
        raise CommandError(
            f"{person.name} has no TMDB id; import them by TMDB id (--person 287)."
        )
    return person.tmdb_id

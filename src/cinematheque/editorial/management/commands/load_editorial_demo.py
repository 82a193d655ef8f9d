"""Load the demo editorial content (ten films, two collections) and publish it.

The content is read from the data files in `editorial/demo/` (or `--directory`) and
validated before anything is written: a malformed file stops the command with a message
naming the file and the field. Idempotent: a piece that already exists (demo or written by an editor) is left as it
is, so running it again creates nothing and never overwrites an editor's work. Films
missing from the catalogue are reported and skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cinematheque.catalogue.models import Film
from cinematheque.editorial import services
from cinematheque.editorial.demo import (
    DemoCollection,
    DemoConflict,
    DemoDataError,
    DemoFilm,
    demo_load,
)
from cinematheque.editorial.models import (
    ADVISORY_CATEGORIES,
    Advisory,
    Citation,
    Claim,
    Collection,
    CollectionItem,
    Complexity,
    Conflict,
    FaqEntry,
    FilmText,
)


def find_film(wikidata_id: str, slug: str) -> Film | None:
    return (
        Film.objects.filter(wikidata_id=wikidata_id).first()
        or Film.objects.filter(slug=slug).first()
    )


class Command(BaseCommand):
    help = "Load and publish the demo editorial content (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            help="Read the demo files from this folder (with films/ and collections/ "
            "inside) instead of the ones shipped with cinematheque.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        directory = options["directory"]
        if directory is not None and not directory.is_dir():
            raise CommandError(f"{directory} is not a folder of demo content files.")
        try:
            content = demo_load(directory)
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded: {error}") from error
        created = 0
        claims_by_key: dict[tuple[str, str], Claim] = {}
        for entry in content.films:
            film = self._film_or_report(entry.wikidata, entry.slug)
            if film is None:
                continue
            with transaction.atomic():
                created += self._load_film(film, entry, claims_by_key)
        for collection in content.collections:
            with transaction.atomic():
                created += self._load_collection(collection)
        for conflict in content.conflicts:
            with transaction.atomic():
                created += self._load_conflict(conflict, claims_by_key)
        if self.verbosity:
            self.stdout.write(
                f"Demo editorial content: {created} new piece(s) published."
                if created
                else "Demo editorial content already loaded: nothing to do."
            )

    def _publish_new(self, piece: Any) -> int:
        services.piece_record_edit(piece=piece, author=None, created=True)
        services.piece_publish(piece=piece, author=None)
        return 1

    def _create_once(
        self, model: type[FilmText | Complexity | Advisory], film: Film, **fields: Any
    ) -> int:
        """Create and publish the film's piece of this kind, unless it has one (demo
        content or an editor's)."""
        if model.objects.filter(film=film).exists():
            return 0
        return self._publish_new(
            model.objects.create(film=film, is_demo=True, **fields)
        )

    def _film_or_report(self, wikidata: str, slug: str, where: str = "") -> Film | None:
        """The film, or None after saying on stderr that it is skipped (`where`:
        what the film was part of)."""
        film = find_film(wikidata, slug)
        if film is None:
            skipped = f"{where}: skipped" if where else "Skipped"
            self.stderr.write(
                f"{skipped} {slug}: not in the catalogue (Wikidata {wikidata}). "
                "Import the catalogue first."
            )
        return film

    def _load_film(
        self,
        film: Film,
        entry: DemoFilm,
        claims_by_key: dict[tuple[str, str], Claim],
    ) -> int:
        count = self._create_once(
            FilmText,
            film,
            tagline=entry.tagline,
            synopsis=entry.synopsis,
            analysis=entry.analysis,
            spoilers=entry.spoilers,
            byline_expertise=entry.expertise,
        )
        count += self._create_once(
            Complexity, film, level=entry.complexity_level, note=entry.complexity_note
        )
        advice = entry.advisory
        categories: dict[str, Any] = {}
        for key, _label in ADVISORY_CATEGORIES:
            categories[f"{key}_severity"], categories[f"{key}_note"] = (
                advice.categories[key]
            )
        count += self._create_once(
            Advisory,
            film,
            summary=advice.summary,
            minimum_age=advice.minimum_age,
            **categories,
        )
        for order, faq in enumerate(entry.faq, start=1):
            if not FaqEntry.objects.filter(film=film, question=faq.question).exists():
                count += self._publish_new(
                    FaqEntry.objects.create(
                        film=film,
                        question=faq.question,
                        answer=faq.answer,
                        order=order,
                        is_demo=True,
                    )
                )
        for order, spec in enumerate(entry.claims, start=1):
            claim = Claim.objects.filter(film=film, text=spec.text).first()
            if claim is None:
                claim = Claim.objects.create(
                    film=film,
                    kind=spec.kind,
                    text=spec.text,
                    verification=spec.verification,
                    order=order,
                    is_demo=True,
                )
                Citation.objects.bulk_create(
                    Citation(
                        claim=claim,
                        title=source.title,
                        publisher=source.publisher,
                        url=source.url,
                    )
                    for source in spec.sources
                )
                count += self._publish_new(claim)
            if spec.key:
                claims_by_key[entry.slug, spec.key] = claim
        return count

    def _load_collection(self, entry: DemoCollection) -> int:
        if Collection.objects.filter(slug=entry.slug).exists():
            return 0
        collection = Collection.objects.create(
            slug=entry.slug,
            title=entry.title,
            introduction=entry.introduction,
            byline_expertise=entry.expertise,
            featured=entry.featured,
            is_demo=True,
        )
        order = 0
        for item in entry.items:
            film = self._film_or_report(
                item.wikidata, item.slug, f"Collection {entry.slug}"
            )
            if film is None:
                continue
            order += 1
            CollectionItem.objects.create(
                collection=collection, film=film, order=order, note=item.note
            )
        return self._publish_new(collection)

    def _load_conflict(
        self, entry: DemoConflict, claims_by_key: dict[tuple[str, str], Claim]
    ) -> int:
        film = find_film(entry.wikidata, entry.slug)
        if (
            film is None
            or Conflict.objects.filter(film=film, subject=entry.subject).exists()
        ):
            return 0
        options = [
            {
                "value": option.value,
                "origin": option.origin,
                "claim": claims_by_key.get((entry.slug, option.claim_key)),
            }
            for option in entry.options
        ]
        conflict = services.conflict_open(
            film=film,
            subject=entry.subject,
            options=options,
            author=None,
            is_demo=True,
        )
        if entry.resolution is not None:
            chosen = conflict.options.get(value=entry.resolution.chosen)
            services.conflict_resolve(
                conflict=conflict,
                chosen=chosen,
                note=entry.resolution.note,
                author=None,
            )
        return 1

"""Search: the index tables (a read model rebuilt from the catalogue by
`rebuild_search_index`). Alternative titles are catalogue data
(`catalogue.AlternativeTitle`).

The document tables are ordinary Django tables so that Django's cascades and `flush`
keep them consistent; the full-text structures over them are database-specific and live
in `backends/`: an FTS5 table fed by triggers on SQLite, a generated tsvector column
with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import math

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.models import Film
from cinematheque.people.models import Person

RANK_BITS = 20
ID_BITS = 32


def rank_key(*, notability: float, object_id: int) -> int:
    """The primary key of a search document: the notability rank in the high bits and
    the object id in the low bits, so that ascending key order is descending
    notability. Both backends read matches in key order and stop after the first few
    hundred, instead of scoring every film that contains a common word."""
    if not 0 < object_id < 1 << ID_BITS:
        raise ValueError(f"object id {object_id} does not fit the search key")
    level = math.log1p(max(notability, 0.0))
    rank = min(int((1 << RANK_BITS) / (1.0 + level)), (1 << RANK_BITS) - 1)
    return (rank << ID_BITS) | object_id


class RankKeyField(models.BigIntegerField):
    """A 64-bit key that is SQLite's rowid ("integer primary key") on SQLite, where the
    FTS5 table addresses documents by rowid."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class FilmDocument(models.Model):
    """One film as the search index sees it: folded words and what a result shows."""

    key = RankKeyField(primary_key=True)
    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="search_document"
    )
    slug = models.CharField(max_length=255)
    title = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField(null=True)
    notability = models.FloatField()
    genres = models.CharField(
        max_length=500, help_text=_("Genre slugs, space-separated.")
    )
    title_text = models.TextField(help_text=_("The folded title."))
    alt_text = models.TextField(
        help_text=_("Folded original and alternative titles and spellings, ' ; '.")
    )
    cast_text = models.TextField(help_text=_("Folded top-billed cast, billing order."))
    crew_text = models.TextField(help_text=_("Folded directors and writers."))
    facets = models.TextField(help_text=_("Filter tokens: genre, decade and year."))

    def __str__(self) -> str:
        return self.title


class FilmTitleKey(models.Model):
    """A folded whole title or title part, for the exact matches that rank first."""

    class Kind(models.IntegerChoices):
        WHOLE = 1, _("whole title")
        PART = 2, _("title part")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=500)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)

    class Meta:
        indexes = [
            models.Index(fields=["key"], name="search_title_key_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class PersonDocument(models.Model):
    """One person as the search index sees it, with the film they are best known for."""

    key = RankKeyField(primary_key=True)
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="search_document"
    )
    slug = models.CharField(max_length=255)
    name = models.CharField(max_length=300)
    prominence = models.FloatField()
    name_text = models.CharField(max_length=300, help_text=_("The folded name."))
    alt_text = models.TextField(
        blank=True,
        default="",
        help_text=_("Folded other names (translations, birth names), ' ; '."),
    )
    known_for_title = models.CharField(max_length=500, blank=True)
    known_for_year = models.PositiveSmallIntegerField(null=True)
    known_for_slug = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["name_text"], name="search_person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchTerm(models.Model):
    """A word of the index with the number of documents containing it: the vocabulary
    that typing mistakes are corrected against, and the rarity that weighs words."""

    term = models.CharField(max_length=100, unique=True)
    frequency = models.PositiveIntegerField()  # films and people
    # People alone: a film's document holds its cast and crew, so `frequency` mostly
    # counts films and overstates a name's people many times over.
    person_frequency = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class SearchTermTrigram(models.Model):
    """Trigrams of vocabulary words (SQLite only; PostgreSQL uses a pg_trgm index on
    SearchTerm), to find corrections more than one edit away."""

    trigram = models.CharField(max_length=3)
    length = models.PositiveSmallIntegerField()
    # No database constraint: a rebuild writes millions of rows and replaces the
    # vocabulary and its trigrams together.
    term = models.ForeignKey(
        SearchTerm,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["trigram", "length", "term"], name="search_trigram_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.trigram


class PrefixEntry(models.Model):
    """One film or person in the stored suggestion list of a short prefix: the
    documents the engine would fetch first for that prefix being typed (see
    search/prefixes.py). `key` is the document's key (notability order); `object_id`
    finds the lists a film or person is in when it changes."""

    class Kind(models.IntegerChoices):
        FILM = 1, _("film")
        PERSON = 2, _("person")

    prefix = models.CharField(max_length=20)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    key = models.BigIntegerField()
    object_id = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "prefix", "key"], name="search_prefix_list_idx"
            ),
            models.Index(fields=["kind", "object_id"], name="search_prefix_object_idx"),
        ]

    def __str__(self) -> str:
        return self.prefix

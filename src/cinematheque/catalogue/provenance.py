"""Provenance per field: which source gave each value of a film, and which source's
value the film shows.

Every source's value of a film field is kept in `FieldProvenance` (one row per film,
field and source, with the retrieval time). The film's column holds the value of the
most preferred source that has one, following the operator's order of preference per
field (`SOURCE_PREFERENCE`, from `CINEMATHEQUE_SOURCE_PREFERENCE`). A source that has
no value has no row, so it never erases another source's value.

Edits in the admin are the "editors" source, first in the default order: a re-import
never reverts them. A value already in a column with no provenance row (films
imported before provenance was kept, or made by hand) counts as the value of the
film's `source`, or of the editors when the film has none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from cinematheque.catalogue.models import FieldProvenance, Film, Source

EDITORS = "editors"
BUNDLED = "wikidata"  # the key of the bundled Wikidata table's Source
EDITORS_DEFAULTS: dict[str, Any] = {
    "name": "Editors",
    "licence": "CC BY-SA 4.0",
    "attribution": "The editors of this site",
}

# The film fields kept with provenance: field → the columns its value fills.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "original_title": ("original_title",),
    "year": ("year",),
    "runtime": ("runtime",),
    "overview": ("overview",),
    "tagline": ("tagline",),
    "original_language": ("original_language",),
    "release_date": ("release_date", "release_date_precision"),
    "certification": ("certification", "certification_country"),
    "budget": ("budget", "budget_currency"),
    "box_office": ("box_office", "box_office_currency"),
    "awards": ("awards",),
    "oscar_wins": ("oscar_wins",),
}
# What a column holds when no source has a value (else its model default).
_EMPTY = {"certification_country": "", "release_date_precision": "year"}
BILLING = "billing"  # the order of the cast, a preference of its own
DEFAULT_ORDER = (EDITORS, "tmdb", "imdb", BUNDLED)
DEFAULT_PREFERENCE: dict[str, tuple[str, ...]] = {
    "default": DEFAULT_ORDER,
    BILLING: (EDITORS, "imdb", "tmdb", BUNDLED),
}
_ALIASES = {"bundled": BUNDLED}  # operators may say "bundled" for the Wikidata table
# Fields of other models kept with the same rules ("person.biography"), registered by
# the app that owns them so that the operator's preference may name them.
_OTHER_FIELDS: set[str] = set()


def register_fields(*names: str) -> None:
    """Let `CINEMATHEQUE_SOURCE_PREFERENCE` order the sources of these fields of
    another model (an app calls this in its `ready()`)."""
    _OTHER_FIELDS.update(names)


def parse_preference(text: str) -> dict[str, tuple[str, ...]]:
    """Parse `CINEMATHEQUE_SOURCE_PREFERENCE`: `;`-separated entries, each
    `field=key,key,…` (or `key,key,…` for every field without an entry of its own).

    >>> parse_preference("editors,imdb,tmdb,bundled; budget=tmdb,editors")
    {'default': ('editors', 'imdb', 'tmdb', 'wikidata'), 'budget': ('tmdb', 'editors')}

    Raises ValueError for an unknown field or an empty list.
    """
    preference: dict[str, tuple[str, ...]] = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        field, _, keys = entry.rpartition("=")
        field = field.strip() or "default"
        if field not in {"default", BILLING, *FIELDS, *_OTHER_FIELDS}:
            raise ValueError(
                f"{field!r} is not a film field with provenance "
                "(nor a field of another model such as person.biography)"
            )
        order = tuple(
            _ALIASES.get(key.strip(), key.strip())
            for key in keys.split(",")
            if key.strip()
        )
        if not order:
            raise ValueError(f"no sources listed for {field!r}")
        preference[field] = order
    return preference


def source_preference() -> dict[str, tuple[str, ...]]:
    """The operator's order per field (`settings.SOURCE_PREFERENCE`) over the
    defaults."""
    return {**DEFAULT_PREFERENCE, **parse_preference(settings.SOURCE_PREFERENCE)}


@dataclass(frozen=True)
class Preference:
    """The order of sources for each field; a source not listed ranks after every
    listed one (then by key, so that the choice is stable)."""

    orders: Mapping[str, Sequence[str]]

    @classmethod
    def current(cls) -> Preference:
        return cls(source_preference())

    def order(self, field: str) -> Sequence[str]:
        return self.orders.get(field) or self.orders["default"]

    def rank(self, field: str, source_key: str) -> tuple[int, str]:
        order = self.order(field)
        position = order.index(source_key) if source_key in order else len(order)
        return (position, source_key)

    def best(self, field: str, source_keys: Iterable[str]) -> str | None:
        """The preferred key among `source_keys`, or None if there is none."""
        return min(source_keys, key=lambda key: self.rank(field, key), default=None)


def editors_source() -> Source:
    """The Source that stands for edits made on this site."""
    source, _ = Source.objects.get_or_create(key=EDITORS, defaults=EDITORS_DEFAULTS)
    return source


# --- Values: JSON in FieldProvenance, columns on Film --------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def value_from_columns(field: str, columns: Mapping[str, Any]) -> Any:
    """The JSON value of `field` from the film's column values; None when empty."""
    names = FIELDS[field]
    first = columns[names[0]]
    if first is None or first == "":
        return None
    if len(names) == 1:
        return _to_json(first)
    return [_to_json(columns[name]) for name in names]


def columns_from_value(field: str, value: Any) -> dict[str, Any]:
    """The film's column values for the JSON `value` of `field` (None empties them)."""
    names = FIELDS[field]
    values = [value] if len(names) == 1 else list(value or [None] * len(names))
    columns = {}
    for name, item in zip(names, values, strict=True):
        model_field = Film._meta.get_field(name)
        if not isinstance(model_field, models.Field):
            raise TypeError(f"{name} is not a column of Film")
        if item is None:
            columns[name] = _EMPTY.get(
                name, None if model_field.null else model_field.get_default()
            )
        elif name == "release_date":
            columns[name] = datetime.date.fromisoformat(item)
        else:
            columns[name] = item
    return columns


def legacy_source_key(film_source_key: str | None) -> str:
    """Whose value a column holds when it has no provenance row."""
    return film_source_key or EDITORS


# --- Editors' edits ------------------------------------------------------------------


@transaction.atomic
def film_fields_edited(*, film: Film, fields: Iterable[str]) -> list[str]:
    """Record the film's current values of `fields` as the editors' (an edit in the
    admin), so that no re-import reverts them; return the fields recorded.

    Fields without provenance (slug, ids…) are ignored. A field emptied by the edit
    drops the editors' value: the preferred source's value shows again on the next
    import."""
    wanted = [field for field in dict.fromkeys(fields) if field in FIELDS]
    source = editors_source()
    now = timezone.now()
    columns = {name: getattr(film, name) for field in wanted for name in FIELDS[field]}
    for field in wanted:
        value = value_from_columns(field, columns)
        if value is None:
            FieldProvenance.objects.filter(
                film=film, field=field, source=source
            ).delete()
            continue
        FieldProvenance.objects.update_or_create(
            film=film,
            field=field,
            source=source,
            defaults={"value": value, "retrieved_at": now},
        )
    return wanted


@transaction.atomic
def film_field_choose(*, film: Film, field: str, source: Source) -> bool:
    """Editors chose `source`'s value of `field` (resolving a conflict between
    sources): it becomes the editors' value, which no re-import reverts, and the film
    shows it. Returns False, changing nothing, if that source has no such value."""
    if field not in FIELDS:
        return False
    chosen = FieldProvenance.objects.filter(
        film=film, field=field, source=source
    ).first()
    if chosen is None:
        return False
    FieldProvenance.objects.update_or_create(
        film=film,
        field=field,
        source=editors_source(),
        defaults={"value": chosen.value, "retrieved_at": timezone.now()},
    )
    columns = columns_from_value(field, chosen.value)
    for name, value in columns.items():
        setattr(film, name, value)
    film.save(update_fields=[*columns, "updated_at"])
    return True


def fields_of_columns(columns: Iterable[str]) -> list[str]:
    """The provenance fields that the changed columns belong to."""
    changed = set(columns)
    return [field for field, names in FIELDS.items() if changed & set(names)]

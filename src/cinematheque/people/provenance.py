"""Provenance per field for people: the film rules (`catalogue.provenance`) applied to
a person's biography, dates, place of birth, photo and other names.

Every source's value is kept in `PersonFieldProvenance`; the person's column shows the
value of the most preferred source that has one. The operator orders the sources of a
person field as `person.<field>=key,key` in `CINEMATHEQUE_SOURCE_PREFERENCE` (the
`default` order otherwise: editors, TMDB, IMDb, bundled). A source with no value has
no row, so it never erases another's; an edit in the admin is the editors' value,
which no re-import reverts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import Source
from cinematheque.people.models import Person, PersonFieldProvenance

# The person fields kept with provenance (each fills the column of the same name).
FIELDS = (
    "birthday",
    "deathday",
    "place_of_birth",
    "biography",
    "profile_path",
    "also_known_as",
    "known_for_department",
)
DATE_FIELDS = {"birthday", "deathday"}
# Whose value a column holds when it has no provenance row: only TMDB sets photos.
LEGACY_SOURCES = {"profile_path": "tmdb"}
PREFERENCE_PREFIX = "person."


def preference_key(field: str) -> str:
    """The name of a person field in `CINEMATHEQUE_SOURCE_PREFERENCE`."""
    return PREFERENCE_PREFIX + field


def to_json(field: str, value: Any) -> Any:
    """The JSON form of a column value; None when it is empty."""
    if value is None or value in ("", []):
        return None
    if field in DATE_FIELDS:
        return value.isoformat()
    if field == "also_known_as":
        return list(value)
    return value


def from_json(field: str, value: Any) -> Any:
    """The column value of a JSON value (None empties the column)."""
    if value is None:
        return None if field in DATE_FIELDS else [] if field == "also_known_as" else ""
    if field in DATE_FIELDS:
        return datetime.date.fromisoformat(value)
    return value


def _claims(person: Person) -> dict[str, dict[str, PersonFieldProvenance]]:
    claims: dict[str, dict[str, PersonFieldProvenance]] = {f: {} for f in FIELDS}
    for row in PersonFieldProvenance.objects.filter(person=person).select_related(
        "source"
    ):
        if row.field in claims:
            claims[row.field][row.source.key] = row
    return claims


def _legacy_source(person: Person, field: str) -> Source:
    key = LEGACY_SOURCES.get(field) or (
        person.source.key if person.source_id and person.source else provenance.EDITORS
    )
    if key == provenance.EDITORS:
        return provenance.editors_source()
    source = Source.objects.filter(key=key).first()
    return source or provenance.editors_source()


@transaction.atomic
def person_values_store(
    *,
    person: Person,
    source: Source,
    values: Mapping[str, Any],
    retrieved_at: datetime.datetime,
    preference: provenance.Preference | None = None,
) -> list[str]:
    """Record `source`'s values of the person's fields (a None value is "this source
    does not say": nothing is recorded or erased), then show each field's preferred
    value. Returns the columns that changed (the person is saved when any did)."""
    preference = preference or provenance.Preference.current()
    claims = _claims(person)
    changed: list[str] = []
    for field in FIELDS:
        held = claims[field]
        if not held:
            legacy = to_json(field, getattr(person, field))
            if legacy is not None:
                # A value from before provenance: keep it as its source's.
                owner = _legacy_source(person, field)
                if owner.key != source.key:
                    held[owner.key] = PersonFieldProvenance.objects.create(
                        person=person,
                        field=field,
                        source=owner,
                        value=legacy,
                        retrieved_at=retrieved_at,
                    )
        value = to_json(field, values.get(field))
        if value is not None:
            own = held.get(source.key)
            if own is None:
                held[source.key] = PersonFieldProvenance.objects.create(
                    person=person,
                    field=field,
                    source=source,
                    value=value,
                    retrieved_at=retrieved_at,
                )
            elif own.value != value or own.retrieved_at != retrieved_at:
                own.value, own.retrieved_at = value, retrieved_at
                own.save(update_fields=["value", "retrieved_at"])
        best = preference.best(preference_key(field), held)
        if best is None:
            continue
        shown = from_json(field, held[best].value)
        if getattr(person, field) != shown:
            setattr(person, field, shown)
            changed.append(field)
    changed += _years_from_dates(person)
    if changed:
        person.save(update_fields=changed)
    return changed


def _years_from_dates(person: Person) -> list[str]:
    """Birth and death years follow the full dates (a source that knows the day
    knows the year); a year with no date is left as it is."""
    changed = []
    for date_field, year_field in (
        ("birthday", "birth_year"),
        ("deathday", "death_year"),
    ):
        date = getattr(person, date_field)
        if date is not None and getattr(person, year_field) != date.year:
            setattr(person, year_field, date.year)
            changed.append(year_field)
    return changed


@transaction.atomic
def person_fields_edited(*, person: Person, fields: Iterable[str]) -> list[str]:
    """Record the person's current values of `fields` as the editors' (an edit in
    the admin), so that no re-import reverts them; return the fields recorded.
    A field emptied by the edit drops the editors' value: the preferred source's
    value shows again on the next import."""
    wanted = [field for field in dict.fromkeys(fields) if field in FIELDS]
    source = provenance.editors_source()
    now = datetime.datetime.now(tz=datetime.UTC)
    for field in wanted:
        value = to_json(field, getattr(person, field))
        rows = PersonFieldProvenance.objects.filter(
            person=person, field=field, source=source
        )
        if value is None:
            rows.delete()
            continue
        PersonFieldProvenance.objects.update_or_create(
            person=person,
            field=field,
            source=source,
            defaults={"value": value, "retrieved_at": now},
        )
    return wanted


def person_field_sources(person: Person) -> dict[str, Source]:
    """The source of the value each field shows (by the current preference)."""
    preference = provenance.Preference.current()
    shown: dict[str, Source] = {}
    for field, held in _claims(person).items():
        best = preference.best(preference_key(field), held)
        if best is not None:
            shown[field] = held[best].source
    return shown

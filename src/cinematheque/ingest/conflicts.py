"""Disagreements between sources become editorial conflicts.

After each batch, the upsert compares what the sources say about the films it wrote:
a different year, runtimes more than 5 minutes apart, budgets or box office more than
10 % apart (in one currency), or directors with no one in common. Each disagreement
is one `editorial.Conflict` with the film and the field (unique together) and one
option per source: a re-import updates the options of an open conflict and never
opens a second one; a resolved conflict is left as the editors decided (their choice
is the editors' value of the field, see `editorial.services.conflict_resolve`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from cinematheque.catalogue import bulk, provenance
from cinematheque.catalogue.models import FieldProvenance, Film, Source
from cinematheque.editorial.models import Conflict, ConflictOption
from cinematheque.people.models import Credit, Person

if TYPE_CHECKING:
    from cinematheque.ingest.upsert import UpsertReport

RUNTIME_TOLERANCE = 5  # minutes
MONEY_TOLERANCE = 0.10  # of the larger amount
CHECKED_FIELDS = ("year", "runtime", "budget", "box_office")
DIRECTOR = "director"
SUBJECTS = {
    "year": "Year of {film}",
    "runtime": "Runtime of {film}",
    "budget": "Budget of {film}",
    "box_office": "Box office of {film}",
    DIRECTOR: "Director of {film}",
}


def _disagree(field: str, values: Sequence[Any]) -> bool:
    if field == "year":
        return len(set(values)) > 1
    if field == "runtime":
        return max(values) - min(values) > RUNTIME_TOLERANCE
    # Money: [amount, currency]; amounts in different currencies are not compared.
    by_currency: dict[str, list[int]] = defaultdict(list)
    for amount, currency in values:
        by_currency[currency].append(amount)
    return any(
        max(amounts) > 0
        and (max(amounts) - min(amounts)) / max(amounts) > MONEY_TOLERANCE
        for amounts in by_currency.values()
    )


def _display(field: str, value: Any) -> str:
    if field in {"budget", "box_office"}:
        amount, currency = value
        return f"{amount:,} {currency}"
    if field == "runtime":
        return f"{value} min"
    return str(value)


def disagreements_raise(
    *,
    film_ids: Iterable[int],
    report: UpsertReport,
    directors: Mapping[int, Mapping[int, set[int]]] | None = None,
) -> None:
    """Open or update one conflict per disagreement on these films.

    `directors` maps a film to {source id: the people it names as directors}, from
    the records just written (credit rows keep one source each, so they cannot tell
    who else named the same director). Call inside the batch's transaction.
    """
    films = sorted(set(film_ids))
    if not films:
        return
    sources = {source.pk: source for source in Source.objects.all()}
    values: dict[tuple[int, str], dict[int, Any]] = defaultdict(dict)
    for chunk in bulk.chunks(films, bulk.IN_CHUNK):
        for film_id, field, source_id, value in (
            FieldProvenance.objects.filter(film_id__in=chunk, field__in=CHECKED_FIELDS)
            .exclude(source__key=provenance.EDITORS)
            .values_list("film_id", "field", "source_id", "value")
        ):
            values[(film_id, field)][source_id] = value
    found: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for (film_id, field), by_source in values.items():
        if len(by_source) > 1 and _disagree(field, list(by_source.values())):
            found[(film_id, field)] = [
                (source_id, _display(field, value))
                for source_id, value in sorted(by_source.items())
            ]
    named = _directors_by_source(directors or {})
    for film_id, by_source in named.items():
        if len(by_source) > 1 and _no_one_in_common(by_source.values()):
            found[(film_id, DIRECTOR)] = [
                (source_id, ", ".join(sorted(names)))
                for source_id, names in sorted(by_source.items())
            ]
    if found:
        _write_conflicts(found, sources, report)


def _directors_by_source(
    given: Mapping[int, Mapping[int, set[int]]],
) -> dict[int, dict[int, set[str]]]:
    """Film → {source id: director names}: the sources that just wrote, plus the
    other sources' directing credits on the film. Films with one source are left
    out: nothing to compare."""
    people: dict[int, dict[int, set[int]]] = {
        film_id: {source: set(ids) for source, ids in by_source.items() if ids}
        for film_id, by_source in given.items()
    }
    for chunk in bulk.chunks(sorted(given), bulk.IN_CHUNK):
        for film_id, person_id, source_id in Credit.objects.filter(
            film_id__in=chunk,
            department=Credit.Department.DIRECTING,
            source__isnull=False,
        ).values_list("film_id", "person_id", "source_id"):
            if source_id not in given[film_id]:
                people[film_id].setdefault(source_id, set()).add(person_id)
    compared = {
        film_id: by_source
        for film_id, by_source in people.items()
        if len(by_source) > 1
    }
    wanted = {
        p for by_source in compared.values() for ids in by_source.values() for p in ids
    }
    names: dict[int, str] = {}
    for chunk in bulk.chunks(sorted(wanted), bulk.IN_CHUNK):
        names |= dict(Person.objects.filter(pk__in=chunk).values_list("pk", "name"))
    return {
        film_id: {source: {names[p] for p in ids} for source, ids in by_source.items()}
        for film_id, by_source in compared.items()
    }


def _no_one_in_common(groups: Iterable[set[str]]) -> bool:
    groups = list(groups)
    return not set.intersection(*groups)


def _write_conflicts(
    found: Mapping[tuple[int, str], list[tuple[int, str]]],
    sources: Mapping[int, Source],
    report: UpsertReport,
) -> None:
    existing = {
        (conflict.film_id, conflict.field): conflict
        for conflict in Conflict.objects.filter(
            Q(film_id__in={film for film, _ in found}) & ~Q(field="")
        ).prefetch_related("options")
    }
    titles = dict(
        Film.objects.filter(pk__in={film for film, _ in found}).values_list(
            "pk", "title"
        )
    )
    for (film_id, field), options in sorted(found.items()):
        conflict = existing.get((film_id, field))
        if conflict is None:
            conflict = Conflict.objects.create(
                film_id=film_id,
                field=field,
                subject=SUBJECTS[field].format(film=titles[film_id]),
            )
            _set_options(conflict, options, sources)
            report.conflicts_created += 1
            report.touched_films.add(film_id)
        elif conflict.status == Conflict.Status.OPEN:
            current = sorted(
                (option.source_id or 0, option.value)
                for option in conflict.options.all()
            )
            if current != sorted(options):
                conflict.options.all().delete()
                _set_options(conflict, options, sources)
                report.conflicts_updated += 1


def _set_options(
    conflict: Conflict, options: list[tuple[int, str]], sources: Mapping[int, Source]
) -> None:
    ConflictOption.objects.bulk_create(
        ConflictOption(
            conflict=conflict,
            value=value[:500],
            origin=f"Imported from {sources[source_id].name}",
            source_id=source_id,
        )
        for source_id, value in options
    )

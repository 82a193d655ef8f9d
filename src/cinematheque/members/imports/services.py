"""Write services of history imports: the entry points of the pages and the CLI.

An import reads the upload, parses it, matches every row in one pass, then records
the batch and its rows and applies the matched ones in one transaction: an
interrupted import leaves nothing half-written, and importing the same file again
changes nothing (the rows are applied idempotently, and the same bytes again
return the report of the first time).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from cinematheque.members.imports.apply import Changes, HistoryWriter
from cinematheque.members.imports.imdb import parse_imdb
from cinematheque.members.imports.letterboxd import parse_letterboxd
from cinematheque.members.imports.matching import Wanted, match_films
from cinematheque.members.imports.models import ImportBatch, ImportRow, ImportUpload
from cinematheque.members.imports.records import ExportFormatError, ParsedRow
from cinematheque.members.imports.uploads import upload_files
from cinematheque.members.models import User
from cinematheque.pages.cache import bulk_change

Progress = Callable[[str, int, int], None]
Status = ImportRow.Status

PARSERS = {
    ImportBatch.Source.LETTERBOXD: parse_letterboxd,
    ImportBatch.Source.IMDB: parse_imdb,
}


@dataclass
class ImportResult:
    batch: ImportBatch
    changes: Changes
    repeated: bool = False


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def history_import(
    *,
    user: User,
    source: str,
    filename: str,
    raw: bytes,
    progress: Progress = _no_progress,
    again: bool = False,
) -> ImportResult:
    """Import a Letterboxd or IMDb export (zip or CSV bytes) into the member's
    history at once (the command line) and return the batch, whose rows are the
    report. The same bytes imported before return that batch unchanged, unless
    `again`. Raises ExportFormatError (with a sentence for the member) for a file
    that is not an export of that source."""
    digest = hashlib.sha256(raw).hexdigest()
    if not again:
        earlier = _earlier_batch(user=user, source=source, digest=digest)
        if earlier is not None:
            return ImportResult(batch=earlier, changes=Changes(), repeated=True)
    parsed = _parsed_and_matched(source, filename, raw, progress)
    with transaction.atomic(), bulk_change():
        batch = ImportBatch.objects.create(
            user=user, source=source, filename=filename[:255], file_sha256=digest
        )
        changes = _record_and_apply(batch, parsed, progress)
        batch.changes = changes.counts()
        batch.save(update_fields=["changes"])
    return ImportResult(batch=batch, changes=changes)


def history_import_queue(
    *, user: User, source: str, filename: str, raw: bytes
) -> ImportResult:
    """Store an upload from the site and queue the job that imports it
    (`history_import_stored`); returns the queued batch, or the earlier batch of
    the same bytes (`repeated`). The file is parsed here, so that one that is not
    an export is refused at once with ExportFormatError; matching and writing,
    the slow part, happen in the job."""
    from cinematheque.jobs.services import job_enqueue

    digest = hashlib.sha256(raw).hexdigest()
    earlier = _earlier_batch(user=user, source=source, digest=digest)
    if earlier is not None:
        return ImportResult(batch=earlier, changes=Changes(), repeated=True)
    _parsed(source, filename, raw)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            user=user,
            source=source,
            filename=filename[:255],
            file_sha256=digest,
            state=ImportBatch.State.QUEUED,
        )
        ImportUpload.objects.create(batch=batch, raw=raw)
        batch.job = job_enqueue(
            HISTORY_IMPORT_JOB,
            key=f"{HISTORY_IMPORT_JOB}:{batch.pk}",
            kwargs={"batch_id": batch.pk},
        )
        batch.save(update_fields=["job"])
    return ImportResult(batch=batch, changes=Changes())


HISTORY_IMPORT_JOB = "members.history_import"


def history_import_stored(*, batch_id: int, progress: Progress = _no_progress) -> dict:
    """Import a stored upload (the job queued by `history_import_queue`) and return
    what it added. Run again after it finished, it does nothing: the rows and the
    batch's state are written in one transaction. A file that turns out not to be
    an export marks the batch failed with the reason."""
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    if batch.state != ImportBatch.State.QUEUED:
        return batch.changes
    upload = ImportUpload.objects.filter(batch=batch).first()
    try:
        if upload is None:
            raise ExportFormatError("The uploaded file is gone: upload it again.")
        parsed = _parsed_and_matched(
            batch.source, batch.filename, bytes(upload.raw), progress
        )
    except ExportFormatError as problem:
        ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.QUEUED).update(
            state=ImportBatch.State.FAILED, error=str(problem)[:500]
        )
        ImportUpload.objects.filter(batch=batch).delete()
        return {}
    with transaction.atomic(), bulk_change():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != ImportBatch.State.QUEUED:
            return locked.changes  # another run finished it meanwhile
        changes = _record_and_apply(locked, parsed, progress)
        locked.state = ImportBatch.State.DONE
        locked.changes = changes.counts()
        locked.save(update_fields=["state", "changes"])
        ImportUpload.objects.filter(batch=locked).delete()
    return locked.changes


def _earlier_batch(*, user: User, source: str, digest: str) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(user=user, source=source, file_sha256=digest)
        .exclude(state=ImportBatch.State.FAILED)
        .exclude(state=ImportBatch.State.QUEUED, job__state="failed")
        .first()
    )


def _parsed(source: str, filename: str, raw: bytes) -> list[ParsedRow]:
    parsed = PARSERS[ImportBatch.Source(source)](upload_files(filename, raw))
    if not any(row.kind for row in parsed):
        raise ExportFormatError(
            f"No film in {filename}: is it a {ImportBatch.Source(source).label} export?"
        )
    return parsed


def _parsed_and_matched(
    source: str, filename: str, raw: bytes, progress: Progress
) -> list[ParsedRow]:
    parsed = _parsed(source, filename, raw)
    to_match = [row for row in parsed if not row.status]
    progress("match", 0, len(to_match))
    matches = match_films([_wanted(row) for row in to_match])
    progress("match", len(to_match), len(to_match))
    for row, match in zip(to_match, matches, strict=True):
        row.status = (
            Status.MATCHED
            if match.film_id
            else Status.AMBIGUOUS
            if match.ambiguous
            else Status.UNMATCHED
        )
        row.data["film_id"] = match.film_id
        row.data["candidates"] = match.candidates
    return parsed


def _record_and_apply(
    batch: ImportBatch, parsed: list[ParsedRow], progress: Progress
) -> Changes:
    """Call inside the import's transaction."""
    saved = ImportRow.objects.bulk_create(
        [_import_row(batch, row) for row in parsed], batch_size=500
    )
    writer = HistoryWriter(batch.user)
    matched = [row for row in saved if row.status == Status.MATCHED]
    for done, import_row in enumerate(matched, start=1):
        writer.apply(import_row)
        if done % 100 == 0 or done == len(matched):
            progress("apply", done, len(matched))
    return writer.finish()


def _wanted(row: ParsedRow) -> Wanted:
    return Wanted(
        title=row.title,
        original_title=row.original_title,
        year=row.year,
        imdb_id=row.imdb_id,
        tmdb_id=row.tmdb_id,
    )


def _import_row(batch: ImportBatch, row: ParsedRow) -> ImportRow:
    data = dict(row.data)
    film_id = data.pop("film_id", None)
    candidates = data.pop("candidates", [])
    if row.uri:
        data["uri"] = row.uri
    if row.original_title:
        data["original_title"] = row.original_title
    return ImportRow(
        batch=batch,
        file=row.file[:255],
        line=row.line,
        kind=row.kind,
        title=row.title[:500],
        year=row.year,
        imdb_id=row.imdb_id,
        tmdb_id=row.tmdb_id,
        data=data,
        status=row.status,
        reason=row.reason[:300],
        film_id=film_id,
        candidates=candidates,
    )


class ChoiceError(ValueError):
    """The film chosen is not one of the row's candidates."""


def import_row_choose(*, user: User, row: ImportRow, film_id: int) -> int:
    """Resolve an ambiguous row of the member's import with one of its candidates,
    and every other ambiguous row of the batch naming the same film the same way
    (several viewings of one film); apply them. Returns how many rows were
    resolved."""
    if row.batch.user_id != user.pk:
        raise ChoiceError("This import belongs to another member.")
    if row.status != Status.AMBIGUOUS or film_id not in row.candidates:
        raise ChoiceError("That film is not one of the row's candidates.")
    with transaction.atomic(), bulk_change():
        same = list(
            ImportRow.objects.select_for_update().filter(
                batch=row.batch,
                status=Status.AMBIGUOUS,
                title=row.title,
                year=row.year,
            )
        )
        writer = HistoryWriter(user)
        for other in same:
            if film_id not in other.candidates:
                continue
            other.film_id, other.status = film_id, Status.MATCHED
            other.save(update_fields=["film", "status"])
            writer.apply(other)
        writer.finish()
    return sum(1 for other in same if other.film_id == film_id)


def retry_unmatched(*, user: User | None = None) -> int:
    """Match again the unmatched rows of every import (or of one member's): after
    a catalogue import, films that were missing may be there. Newly matched rows
    are applied, newly ambiguous ones wait for the member. Returns how many rows
    found their film."""
    pending = ImportRow.objects.filter(status=Status.UNMATCHED).select_related("batch")
    if user is not None:
        pending = pending.filter(batch__user=user)
    by_user: dict[int, list[ImportRow]] = defaultdict(list)
    for row in pending.order_by("id"):
        by_user[row.batch.user_id].append(row)
    found = 0
    for user_id, rows in by_user.items():
        matches = match_films(
            [
                Wanted(
                    title=row.title,
                    original_title=row.data.get("original_title", ""),
                    year=row.year,
                    imdb_id=row.imdb_id,
                    tmdb_id=row.tmdb_id,
                )
                for row in rows
            ]
        )
        with transaction.atomic(), bulk_change():
            writer = HistoryWriter(User.objects.get(pk=user_id))
            for row, match in zip(rows, matches, strict=True):
                if match.film_id:
                    row.film_id, row.status = match.film_id, Status.MATCHED
                    row.save(update_fields=["film", "status"])
                    writer.apply(row)
                    found += 1
                elif match.ambiguous:
                    row.status, row.candidates = Status.AMBIGUOUS, match.candidates
                    row.save(update_fields=["status", "candidates"])
            writer.finish()
    return found

"""The member's history pages: upload an export (`/me/import/`), the reports of past
imports (`/me/imports/`, `/me/imports/<id>/`, where an ambiguous row is resolved with
one click), and the export (`/me/export/`). Every page is the member's own: another
member's import answers 404.

An upload is stored and imported by a background job (members/tasks.py): its report
page shows the job's progress, read from `/me/imports/<id>/status/` every second,
until the import is done."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cinematheque.catalogue.models import Film
from cinematheque.members.export import member_export
from cinematheque.members.imports import services
from cinematheque.members.imports.models import ImportBatch, ImportRow
from cinematheque.members.imports.records import MAX_UPLOAD_BYTES, ExportFormatError
from cinematheque.members.ratelimit import rate_limited
from cinematheque.people.models import Credit

Status = ImportRow.Status
SOURCES = ImportBatch.Source
MATCHED_SHOWN = (
    500  # a whole history matched is thousands of rows: the page shows these
)


def _member(request: HttpRequest) -> Any:
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("history_import", limit=20, window=3600)
def import_start(request: HttpRequest) -> HttpResponse:
    """The upload form; a valid upload is stored, its import queued, and the member
    lands on its report, which follows the import's progress."""
    context: dict[str, Any] = {
        "sources": SOURCES.choices,
        "source": request.POST.get("source", SOURCES.LETTERBOXD),
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        "nav": "me",
    }
    if request.method == "GET":
        return render(request, "members/imports/start.html", context)
    upload = request.FILES.get("file")
    error = _upload_error(context["source"], upload)
    status = (
        413 if upload is not None and (upload.size or 0) > MAX_UPLOAD_BYTES else 400
    )
    if error is None and upload is not None:
        try:
            result = services.history_import_queue(
                user=_member(request),
                source=context["source"],
                filename=upload.name or "upload",
                raw=upload.read(),
            )
        except ExportFormatError as problem:
            error = str(problem)
        else:
            if result.repeated:
                messages.info(
                    request,
                    "You imported this file before: nothing changed. Here is "
                    "that import's report.",
                )
            return HttpResponseRedirect(
                reverse("members:import_report", args=[result.batch.pk])
            )
    context["error"] = error
    return render(request, "members/imports/start.html", context, status=status)


def _upload_error(source: str, upload: Any) -> str | None:
    if source not in SOURCES.values:
        return "Choose where the export comes from: Letterboxd or IMDb."
    if upload is None:
        return "Choose the export file (a .zip or a .csv) to upload."
    if upload.size > MAX_UPLOAD_BYTES:
        return (
            f"The file is {upload.size / 1e6:.0f} MB; an export is at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    return None


def _summary(changes: dict[str, int]) -> str:
    parts = [
        (changes.get("ratings", 0), "rating", "ratings"),
        (changes.get("diary", 0), "diary entry", "diary entries"),
        (changes.get("reviews", 0), "review", "reviews"),
        (changes.get("watched", 0), "watched film", "watched films"),
        (
            changes.get("watchlist", 0),
            "film on the watchlist",
            "films on the watchlist",
        ),
        (changes.get("list_items", 0), "list entry", "list entries"),
    ]
    added = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return "Imported " + ", ".join(added) + "." if added else "Nothing new to add."


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    batches = list(
        ImportBatch.objects.filter(user=_member(request)).select_related("job")
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for batch_id, status in ImportRow.objects.filter(batch__in=batches).values_list(
        "batch_id", "status"
    ):
        counts[batch_id][status] += 1
    rows = [(batch, counts[batch.pk]) for batch in batches]
    unmatched = sum(count[Status.UNMATCHED] for _, count in rows)
    return render(
        request,
        "members/imports/list.html",
        {"batches": rows, "unmatched": unmatched, "nav": "me"},
    )


@login_required
@require_POST
@rate_limited("history_import_retry", limit=10, window=600)
def import_retry(request: HttpRequest) -> HttpResponse:
    found = services.retry_unmatched(user=_member(request))
    messages.success(
        request,
        f"{found} row{'s' if found != 1 else ''} found their film."
        if found
        else "No unmatched row has its film in the catalogue yet.",
    )
    return HttpResponseRedirect(reverse("members:import_list"))


def _import_state(batch: ImportBatch) -> dict[str, Any]:
    """Where the batch's import stands, for its page and the status endpoint."""
    job = batch.job
    state, error = batch.state, batch.error
    if state == ImportBatch.State.QUEUED and job is not None and job.state == "failed":
        state = ImportBatch.State.FAILED
        error = "The import stopped on an error on our side; try again later."
    status: dict[str, Any] = {"state": state, "error": error}
    if state == ImportBatch.State.QUEUED:
        status.update(
            running=job is not None and job.state == "running",
            done=job.progress_done if job else 0,
            total=job.progress_total if job else None,
            percent=job.percent if job else None,
            message=(job.progress_message if job else "") or "Waiting for its turn",
        )
    elif state == ImportBatch.State.DONE:
        status["summary"] = _summary(batch.changes) if batch.changes else ""
    return status


@login_required
@require_GET
def import_status(request: HttpRequest, batch_id: int) -> JsonResponse:
    """The import's progress as JSON, read by its report page while it runs."""
    batch = get_object_or_404(
        ImportBatch.objects.select_related("job"), pk=batch_id, user=_member(request)
    )
    response = JsonResponse(_import_state(batch))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def import_report(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("job"), pk=batch_id, user=_member(request)
    )
    status = _import_state(batch)
    if status["state"] != ImportBatch.State.DONE:
        return render(
            request,
            "members/imports/pending.html",
            {"batch": batch, "status": status, "nav": "me"},
        )
    rows = list(batch.rows.select_related("film"))
    by_status: dict[str, list[ImportRow]] = defaultdict(list)
    for row in rows:
        by_status[row.status].append(row)
    ambiguous = _ambiguous_groups(by_status[Status.AMBIGUOUS])
    return render(
        request,
        "members/imports/report.html",
        {
            "batch": batch,
            "summary": status.get("summary", ""),
            "counts": {outcome: len(by_status[outcome]) for outcome in Status.values},
            "ambiguous": ambiguous,
            "unmatched": by_status[Status.UNMATCHED],
            "rejected": by_status[Status.REJECTED],
            "skipped": by_status[Status.SKIPPED],
            "matched": by_status[Status.MATCHED][:MATCHED_SHOWN],
            "matched_hidden": max(0, len(by_status[Status.MATCHED]) - MATCHED_SHOWN),
            "nav": "me",
        },
    )


def _ambiguous_groups(rows: list[ImportRow]) -> list[dict[str, Any]]:
    """One choice per film named the same way (several rows of one film are chosen
    with one click), each candidate with what tells it apart."""
    groups: dict[tuple[str, int | None], list[ImportRow]] = {}
    for row in rows:
        groups.setdefault((row.title, row.year), []).append(row)
    film_ids = {pk for row in rows for pk in row.candidates}
    films = Film.objects.prefetch_related("countries").in_bulk(film_ids)
    directors: dict[int, list[str]] = defaultdict(list)
    for film_id, name in (
        Credit.objects.filter(film_id__in=film_ids, job="Director")
        .order_by("id")
        .values_list("film_id", "person__name")
    ):
        directors[film_id].append(name)
    return [
        {
            "row": group[0],
            "rows": group,
            "candidates": [
                {
                    "film": films[pk],
                    "directors": directors.get(pk, []),
                    "countries": [
                        country.name for country in films[pk].countries.all()
                    ],
                }
                for pk in group[0].candidates
                if pk in films
            ],
        }
        for group in groups.values()
    ]


@login_required
@require_POST
@rate_limited("history_import_choose", limit=120, window=600)
def import_choose(request: HttpRequest, batch_id: int, row_id: int) -> HttpResponse:
    row = get_object_or_404(
        ImportRow.objects.select_related("batch"),
        pk=row_id,
        batch_id=batch_id,
        batch__user=_member(request),
    )
    try:
        film_id = int(request.POST.get("film", ""))
        resolved = services.import_row_choose(
            user=_member(request), row=row, film_id=film_id
        )
    except (ValueError, services.ChoiceError):
        messages.error(request, "That film is not one of the choices for this row.")
        return HttpResponseRedirect(reverse("members:import_report", args=[batch_id]))
    film = Film.objects.get(pk=film_id)
    messages.success(
        request,
        f"{row.title}: {film.title} ({film.year or 'no year'}) "
        f"for {resolved} row{'s' if resolved != 1 else ''}.",
    )
    return HttpResponseRedirect(reverse("members:import_report", args=[batch_id]))


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    return render(request, "members/imports/export.html", {"nav": "me"})


@login_required
@require_GET
def export_download(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(member_export(user=member), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="cinematheque-{slugify(member.username)}-{stamp}.zip"'
    )
    response["Cache-Control"] = "private, no-store"
    return response

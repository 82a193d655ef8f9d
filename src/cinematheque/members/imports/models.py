"""Import batches and their rows: what a member's export file said, what each row was
matched to, and why a row was not imported. The report pages read these; a later
catalogue import matches the rows still unmatched (`services.retry_unmatched`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One uploaded export (a zip or a CSV file), imported in one transaction: by a
    background job for an upload from the site (queued until then), at once from
    the command line."""

    class Source(models.TextChoices):
        LETTERBOXD = "letterboxd", _("Letterboxd")
        IMDB = "imdb", _("IMDb")

    class State(models.TextChoices):
        QUEUED = "queued", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    filename = models.CharField(max_length=255)
    file_sha256 = models.CharField(
        max_length=64,
        help_text=_("Of the uploaded bytes: the same file twice is seen."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DONE)
    error = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Why the import failed, for the member."),
    )
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What the import added: ratings, diary entries, reviews…"),
    )
    job = models.ForeignKey(
        "jobs.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The background job that imports the upload."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        indexes = [
            models.Index(fields=["user", "file_sha256"], name="import_batch_file_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} import {self.filename} by {self.user_id}"


class ImportUpload(models.Model):
    """The bytes of an upload waiting for its import job: in the database, so a
    worker on another machine reads them; deleted once the import is done."""

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    raw = models.BinaryField()

    def __str__(self) -> str:
        return f"Upload of {self.batch}"


class ImportRow(models.Model):
    """One row of an export file, as parsed, with its matching outcome."""

    class Kind(models.TextChoices):
        RATING = "rating", _("rating")
        WATCHED = "watched", _("watched")
        DIARY = "diary", _("diary entry")
        REVIEW = "review", _("review")
        WATCHLIST = "watchlist", _("watchlist")
        LIST_ITEM = "list_item", _("list entry")

    class Status(models.TextChoices):
        MATCHED = "matched", _("matched")
        AMBIGUOUS = "ambiguous", _("ambiguous")
        UNMATCHED = "unmatched", _("unmatched")
        REJECTED = "rejected", _("rejected")
        SKIPPED = "skipped", _("skipped")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows"
    )
    file = models.CharField(max_length=255, help_text=_("File inside the upload."))
    line = models.PositiveIntegerField(help_text=_("Line of the row in its file."))
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    title = models.CharField(max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    imdb_id = models.CharField(max_length=12, blank=True)
    tmdb_id = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What the row says beyond the film: rating, dates, review, list."),
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.CharField(max_length=300, blank=True)
    film = models.ForeignKey(
        "catalogue.Film",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    candidates = models.JSONField(
        default=list, blank=True, help_text=_("Film ids an ambiguous row may mean.")
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["batch", "status"], name="import_row_status_idx"),
            models.Index(fields=["status"], name="import_row_retry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.title} ({self.status})"

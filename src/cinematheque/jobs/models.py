"""The record of every background job: what runs, how far it got, how it ended."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet["Job"]):
    def pending(self) -> JobQuerySet:
        """Queued or running: a job of the same key enqueued now would repeat it."""
        return self.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING])


class Job(models.Model):
    """One run of a registered kind of job (jobs/registry.py), queued on Huey."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(
        max_length=100,
        db_index=True,
        help_text=_("The kind of job, e.g. search.rebuild."),
    )
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "Jobs of one key run one at a time: enqueued again while queued or "
            "running, the job is not repeated."
        ),
    )
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, help_text=_("The last failure's message."))
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(
        default=0, help_text=_("Times a worker started the job.")
    )
    max_attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Written every few seconds while the job runs: a running job whose "
            "heartbeat stopped lost its worker and is queued again."
        ),
    )
    worker = models.CharField(
        max_length=200, blank=True, help_text=_("Host, process and thread.")
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not a race between two enqueues, keeps one pending job
            # per key.
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(state__in=["queued", "running"]) & ~Q(key=""),
                name="job_one_pending_per_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "heartbeat_at"], name="job_state_heartbeat_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.state})"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

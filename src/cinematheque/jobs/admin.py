"""Jobs in the admin: filter by state and kind, read progress and tracebacks, and
queue failed jobs again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cinematheque.jobs.models import Job
from cinematheque.jobs.services import job_retry


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "state",
        "progress",
        "attempts",
        "created_at",
        "finished_at",
    ]
    list_filter = ["state", "name", "created_at"]
    search_fields = ["name", "key", "error"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    readonly_fields = [field.name for field in Job._meta.get_fields() if field.concrete]
    fieldsets = [
        (
            None,
            {"fields": ["name", "key", "kwargs", "state", "attempts", "max_attempts"]},
        ),
        (
            "Progress",
            {
                "fields": [
                    "progress_done",
                    "progress_total",
                    "progress_message",
                    "result",
                ]
            },
        ),
        ("Failure", {"fields": ["error", "traceback"]}),
        (
            "Times and worker",
            {
                "fields": [
                    "created_at",
                    "started_at",
                    "finished_at",
                    "heartbeat_at",
                    "worker",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are queued by the site and its commands

    def has_change_permission(
        self, request: HttpRequest, obj: Job | None = None
    ) -> bool:
        return False  # a record of what ran: read, retried or deleted, not edited

    @admin.display(description="progress")
    def progress(self, job: Job) -> str:
        if not (job.progress_done or job.progress_total or job.progress_message):
            return "—"
        done = f"{job.progress_done:,}"
        if job.progress_total:
            done += f" / {job.progress_total:,} ({job.percent} %)"
        return f"{done} {job.progress_message}".strip()

    @admin.action(description="Queue the selected failed jobs again")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        retried = sum(job_retry(job=job) for job in queryset)
        skipped = queryset.count() - retried
        self.message_user(
            request, f"{retried} job(s) queued again.", level=messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request,
                f"{skipped} job(s) left as they were: only failed jobs are retried, "
                "and not while another job of the same key is queued.",
                level=messages.WARNING,
            )

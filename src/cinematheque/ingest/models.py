"""What the ingest app records about its own runs: the steps of the first start and
the runs of the importers."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadStepQuerySet(models.QuerySet["LoadStep"]):
    def finished_names(self) -> set[str]:
        """The names of the steps that ran to their end at least once."""
        return set(
            self.filter(finished_at__isnull=False).values_list("name", flat=True)
        )


class LoadStep(models.Model):
    """One step of the first start (bundled catalogue, search index, demo content,
    related films). A step is finished only when it ran to its end: a start that was
    killed half-way leaves `finished_at` empty, and the next start runs it again."""

    name = models.CharField(_("name"), max_length=50)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveIntegerField(
        _("attempts"),
        default=0,
        help_text=_(
            "How many times the step was started; more than one means a start "
            "was interrupted."
        ),
    )

    objects = LoadStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("load step")
        verbose_name_plural = _("load steps")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="load_step_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def unfinished(self, source_key: str) -> Self:
        """Runs of this source that stopped before their end, latest first."""
        return self.filter(source_key=source_key, finished_at__isnull=True).order_by(
            "-started_at"
        )


class ImportRun(models.Model):
    """One run of an importer: how far it got, so that an interrupted run can be
    resumed (`--resume`) instead of read again from the start. The upsert records
    the items it committed after each batch."""

    source_key = models.SlugField(_("source"), max_length=50)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    items_done = models.PositiveBigIntegerField(
        _("items committed"),
        default=0,
        help_text=_("Source items (rows, films) read and committed, in input order."),
    )
    writes = models.PositiveBigIntegerField(_("rows written"), default=0)
    rejected = models.PositiveIntegerField(_("items rejected"), default=0)
    checkpoints = models.JSONField(
        _("checkpoints"),
        default=dict,
        blank=True,
        help_text=_(
            "For importers that read several files (IMDb): each file's data rows "
            "committed and whether it was read to its end, e.g. "
            '{"title.basics": {"rows": 150000, "done": false}}.'
        ),
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source_key} {self.started_at:%Y-%m-%d %H:%M}"

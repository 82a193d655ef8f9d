"""What the ingest app records about its own runs: the steps of the first start."""

from __future__ import annotations

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

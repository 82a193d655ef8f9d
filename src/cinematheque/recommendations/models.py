"""The stored "Don't forget to watch" lists: for each film, its related films in rank
order, each with the reason it is there.

The lists are a read model: `services.recommendations_rebuild` computes them for the
whole catalogue and `services.recommendations_refresh_for_film` after one film changes.
A page reads a film's list with one query (`Recommendation.objects.for_film(film)`).
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.models import Film


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def for_film(self, film: Film | int) -> Self:
        """The film's list in rank order, with the columns a film card needs, in one
        query."""
        film_id = film if isinstance(film, int) else film.pk
        return (
            self.filter(film_id=film_id)
            .select_related("recommended")
            .only(
                "id",
                "film_id",
                "rank",
                "reason",
                "kind",
                "recommended__id",
                "recommended__title",
                "recommended__year",
                "recommended__slug",
                "recommended__runtime",
                "recommended__certification",
                "recommended__certification_country",
                "recommended__notability",
            )
            .order_by("rank")
        )


class Recommendation(models.Model):
    """`recommended` is suggested on the page of `film`, at `rank`, for `reason`."""

    class Kind(models.TextChoices):
        # What the reason is drawn from. A member-based signal (ratings) adds a kind
        # here and a signal in similarity.py; the stored shape does not change.
        RELATION = "relation", _("related work")
        DIRECTOR = "director", _("same director")
        COLLECTION = "collection", _("same collection")
        CAST = "cast", _("same cast")
        WRITER = "writer", _("same writer")
        PROFILE = "profile", _("same genre and era")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="recommendations"
    )
    recommended = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="recommended_on"
    )
    rank = models.PositiveSmallIntegerField(help_text=_("1 is shown first."))
    score = models.FloatField(
        help_text=_("Similarity score; comparable only within one film's list.")
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.CharField(
        max_length=200,
        help_text=_("Shown beside the film, e.g. 'Also directed by Michael Mann'."),
    )
    computed_at = models.DateTimeField()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["film", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "rank"], name="recommendation_unique_rank"
            ),
            models.UniqueConstraint(
                fields=["film", "recommended"], name="recommendation_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(film=models.F("recommended")),
                name="recommendation_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1), name="recommendation_rank_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["recommended"], name="recommendation_recommended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.film_id} → {self.recommended_id} (#{self.rank}): {self.reason}"

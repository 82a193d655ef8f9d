"""Print counts of the catalogue: films, people, credits by department, genres and other
named facets, review scores by kind, relations, and every source with its licence and
how many rows it provided.

    cinematheque stats
    cinematheque manage catalogue_stats
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from cinematheque.catalogue.models import (
    Company,
    Country,
    Film,
    FilmRelation,
    Genre,
    Language,
    ReviewScore,
    Source,
)
from cinematheque.people.models import Credit, Person


class Command(BaseCommand):
    help = "Counts of films, people, credits, genres, review scores and sources."

    def handle(self, *args: Any, **options: Any) -> None:
        rows: list[tuple[str, int | str]] = [
            ("Films", Film.objects.count()),
            ("People", Person.objects.count()),
            ("Credits", Credit.objects.count()),
        ]
        by_department = dict(
            Credit.objects.values_list("department")
            .annotate(n=Count("pk"))
            .values_list("department", "n")
        )
        for value, label in Credit.Department.choices:
            if by_department.get(value):
                rows.append((f"  {label}", by_department[value]))
        estimated = Credit.objects.cast().filter(order_is_estimated=True).count()
        rows.append(("  cast with estimated billing", estimated))
        rows += [
            ("Genres", Genre.objects.count()),
            ("Countries", Country.objects.count()),
            ("Languages", Language.objects.count()),
            ("Companies", Company.objects.count()),
            ("Review scores", ReviewScore.objects.count()),
        ]
        by_kind = dict(
            ReviewScore.objects.values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        for value, label in ReviewScore.Kind.choices:
            if by_kind.get(value):
                rows.append((f"  {label}", by_kind[value]))
        rows.append(("Film relations", FilmRelation.objects.count()))
        width = max(len(label) for label, _ in rows)
        for name, count in rows:
            self.stdout.write(f"{name:<{width}}  {count:>9}")

        sources = list(Source.objects.order_by("name"))
        film_counts = _counts_by_source(Film)
        people_counts = _counts_by_source(Person)
        credit_counts = _counts_by_source(Credit)
        score_counts = _counts_by_source(ReviewScore)
        relation_counts = _counts_by_source(FilmRelation)
        self.stdout.write("")
        self.stdout.write(f"Sources: {len(sources)}")
        for source in sources:
            retrieved = (
                f", retrieved {source.retrieved_on:%Y-%m-%d}"
                if source.retrieved_on
                else ""
            )
            self.stdout.write(
                f"  {source.name} [{source.key}], licence {source.licence}{retrieved}"
            )
            self.stdout.write(
                f"    {film_counts.get(source.pk, 0)} films, "
                f"{people_counts.get(source.pk, 0)} people, "
                f"{credit_counts.get(source.pk, 0)} credits, "
                f"{score_counts.get(source.pk, 0)} review scores, "
                f"{relation_counts.get(source.pk, 0)} relations"
            )
            if source.attribution:
                self.stdout.write(f"    Attribution: {source.attribution}")


def _counts_by_source(model: Any) -> dict[int, int]:
    return dict(
        model.objects.filter(source__isnull=False)
        .values_list("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )

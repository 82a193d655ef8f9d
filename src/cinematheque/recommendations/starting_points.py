"""'Where to start' on a person page: the few films that best introduce a person's work.

A good first film is one in which the person does what they are known for (a
director's own films, an actor's leading roles rather than cameos in famous films),
that critics rated well (Tomatometer, else Metascore) and that many people know
(notability). The picks also spread over the career, so the list introduces the work
rather than one period of it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cinematheque.catalogue.models import Film, ReviewScore
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.people.models import Credit, Person

START_COUNT = 4
# How much a credit shows of the person's own work, by department.
DEPARTMENT_WEIGHT = {
    Credit.Department.DIRECTING.value: 1.0,
    Credit.Department.WRITING.value: 0.8,
    Credit.Department.ACTING.value: 1.0,
}
OTHER_DEPARTMENT_WEIGHT = 0.4
MAIN_DEPARTMENT_BONUS = 1.5  # a director's directing, an actor's acting
LEAD_BILLING = 3  # billing orders 0 to 3 are leading roles, weighed alike
BILLING_SCALE = 3.0  # beyond them a part weighs 1 / (1 + (order - 3) / 3)
UNRATED_ACCLAIM = 0.6  # a film without a critics' score counts as fairly liked
SAME_DECADE_FACTOR = 0.8  # each earlier pick from a decade lowers its other films
# Which department a person is known for when they have as many credits in two.
DEPARTMENT_PRIORITY = [
    Credit.Department.DIRECTING.value,
    Credit.Department.ACTING.value,
    Credit.Department.WRITING.value,
]


@dataclass(frozen=True)
class StartingPoint:
    film: Film
    role: str  # "Directed", "Lead role", "As Neil McCauley"…


@dataclass(slots=True)
class _Credit:
    """One of the person's credits with what the picks need of its film."""

    film_id: int
    department: str
    job: str
    character: str
    order: int
    title: str
    year: int | None
    slug: str
    notability: float
    certification: str
    certification_country: str
    acclaim: float | None


def where_to_start(*, person: Person, limit: int = START_COUNT) -> list[StartingPoint]:
    """The films to start with, best first, read in one query."""
    credits = [_Credit(*row) for row in _CREDITS.rows(person.pk)]
    if not credits:
        return []
    main = _main_department(credits)
    best: dict[int, tuple[float, _Credit]] = {}
    for credit in credits:
        weight = _weight(credit, main)
        if credit.film_id not in best or weight > best[credit.film_id][0]:
            best[credit.film_id] = (weight, credit)
    scored = [(weight * _appeal(credit), credit) for weight, credit in best.values()]
    picks: list[_Credit] = []
    seen_works: set[tuple[str, int | None]] = set()
    decades: Counter[int | None] = Counter()
    while scored and len(picks) < limit:
        index = max(
            range(len(scored)),
            key=lambda i: (
                scored[i][0] * SAME_DECADE_FACTOR ** decades[_decade(scored[i][1])],
                -scored[i][1].film_id,
            ),
        )
        _score_value, pick = scored.pop(index)
        work = (pick.title.casefold(), pick.year)
        if work in seen_works:  # another record of a film already picked
            continue
        seen_works.add(work)
        decades[_decade(pick)] += 1
        picks.append(pick)
    return [
        StartingPoint(
            film=Film(
                id=pick.film_id,
                title=pick.title,
                year=pick.year,
                slug=pick.slug,
                certification=pick.certification,
                certification_country=pick.certification_country,
            ),
            role=_role(pick),
        )
        for pick in picks
    ]


def _score(kind: str) -> Subquery:
    """The film's score of this kind on a 0-1 scale."""
    return Subquery(
        ReviewScore.objects.filter(film=OuterRef("film_id"), kind=kind)
        .annotate(share=F("value") * 1.0 / F("scale"))
        .values("share")[:1]
    )


# Compiled once per process (catalogue/prepared.py): building this query's SQL, with
# its two score subqueries, cost more than half of the person page's loader.
_CREDITS = PreparedQuery(
    lambda person_id: (
        Credit.objects.filter(person_id=person_id)
        .annotate(
            acclaim=Coalesce(
                _score(ReviewScore.Kind.TOMATOMETER),
                _score(ReviewScore.Kind.METACRITIC),
            )
        )
        .order_by("film_id", "id")
        .values_list(
            "film_id",
            "department",
            "job",
            "character",
            "order",
            "film__title",
            "film__year",
            "film__slug",
            "film__notability",
            "film__certification",
            "film__certification_country",
            "acclaim",
        )
    )
)


def _appeal(credit: _Credit) -> float:
    acclaim = credit.acclaim
    acclaim = UNRATED_ACCLAIM if acclaim is None else min(max(acclaim, 0.0), 1.0)
    known = 1.0 + math.log1p(max(credit.notability, 0.0))
    return known * (0.5 + acclaim)


def _main_department(credits: Sequence[_Credit]) -> str:
    counts = Counter(credit.department for credit in credits)
    return max(
        counts,
        key=lambda department: (
            counts[department],
            -DEPARTMENT_PRIORITY.index(department)
            if department in DEPARTMENT_PRIORITY
            else -len(DEPARTMENT_PRIORITY),
        ),
    )


def _weight(credit: _Credit, main: str) -> float:
    weight = DEPARTMENT_WEIGHT.get(credit.department, OTHER_DEPARTMENT_WEIGHT)
    if credit.department == Credit.Department.ACTING and credit.order > LEAD_BILLING:
        weight /= 1.0 + (credit.order - LEAD_BILLING) / BILLING_SCALE
    if credit.department == main:
        weight *= MAIN_DEPARTMENT_BONUS
    return weight


def _decade(credit: _Credit) -> int | None:
    year = credit.year
    return year // 10 if year else None


def _role(credit: _Credit) -> str:
    if credit.department == Credit.Department.DIRECTING:
        return _("Directed")
    if credit.department == Credit.Department.WRITING:
        return _("Written")
    if credit.department == Credit.Department.ACTING:
        if credit.character:
            return _("As %(character)s") % {"character": credit.character}
        if credit.order <= LEAD_BILLING:
            return _("Lead role")
        return _("Supporting role")
    return credit.job

"""'Where to start' on a person page: the few films that best introduce a person's
work.

A good first film is a notable one in which the person does what they are known for:
a director's own films, an actor's leading roles rather than cameos in famous films.
The picks also spread over the career, so the list is an introduction rather than one
period's hits.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cinematheque.catalogue.models import Film
from cinematheque.people.models import Credit

START_COUNT = 4
# How much a credit shows of the person's own work, by department.
DEPARTMENT_WEIGHT = {
    Credit.Department.DIRECTING.value: 1.0,
    Credit.Department.WRITING.value: 0.8,
    Credit.Department.ACTING.value: 1.0,
}
OTHER_DEPARTMENT_WEIGHT = 0.4
MAIN_DEPARTMENT_BONUS = 1.5  # a director's directing, an actor's acting
BILLING_SCALE = 3.0  # a cast credit weighs 1 / (1 + order / BILLING_SCALE)
LEAD_BILLING = 3
SAME_DECADE_FACTOR = 0.6  # each earlier pick from a decade lowers its other films
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


def where_to_start(
    *, credits: Iterable[Credit], limit: int = START_COUNT
) -> list[StartingPoint]:
    """The films to start with, best first, from one person's credits.

    Reads `department`, `order`, `character` and `film` (with `notability`, `year`,
    `imdb_id` if loaded) of each credit, so load those with the credits
    (`select_related("film")`) and this makes no query.
    """
    credits = list(credits)
    if not credits:
        return []
    main = _main_department(credits)
    best: dict[int, tuple[float, Credit]] = {}
    for credit in credits:
        weight = _weight(credit, main)
        if credit.film_id not in best or weight > best[credit.film_id][0]:
            best[credit.film_id] = (weight, credit)
    scored = [
        (weight * (1.0 + math.log1p(max(credit.film.notability, 0.0))), credit)
        for weight, credit in best.values()
    ]
    picks: list[Credit] = []
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
        _score, credit = scored.pop(index)
        work = (credit.film.title.casefold(), credit.film.year)
        if work in seen_works:  # another record of a film already picked
            continue
        seen_works.add(work)
        decades[_decade(credit)] += 1
        picks.append(credit)
    return [StartingPoint(film=credit.film, role=_role(credit)) for credit in picks]


def _main_department(credits: list[Credit]) -> str:
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


def _weight(credit: Credit, main: str) -> float:
    weight = DEPARTMENT_WEIGHT.get(credit.department, OTHER_DEPARTMENT_WEIGHT)
    if credit.department == Credit.Department.ACTING:
        weight /= 1.0 + credit.order / BILLING_SCALE
    if credit.department == main:
        weight *= MAIN_DEPARTMENT_BONUS
    return weight


def _decade(credit: Credit) -> int | None:
    year = credit.film.year
    return year // 10 if year else None


def _role(credit: Credit) -> str:
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

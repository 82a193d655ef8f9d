"""Values derived from the whole catalogue at the end of an import.

**Film.notability** (0-100) is an honest "how much is known about this film" signal, used
to rank namesakes in search and browse. It adds up:

* 45 points for critical attention: log(1 + Rotten Tomatoes review count), full marks
  at 300 reviews (the most reviewed film in the bundled table has 388);
* 25 points for box office: log10(US dollars), from 0 at $100,000 to full marks at
  $1 billion (films without a figure get 0: most non-US films have none);
* 10 points if Metacritic scored the film;
* 10 points for the size of the cast listing, full marks at 30 people (Wikidata lists
  long casts for well-documented films only);
* 10 points for Oscars won, full marks at 4.

**Credit billing estimate.** The bundled table lists each cast alphabetically, so the
leads of a film are guessed from the careers of its cast:

1. A person's standing *at the time of a film* is the notability of their films,
   weighted by the time between them (films up to one year after count fully, later
   ones decay with a half-life of `HALF_LIFE_YEARS`, so a child actor's later fame does
   not make her the lead of her second film), summed and divided by (number of films +
   `PRIOR_FILMS`): a Bayesian mean that shrinks people with few films towards 0.
2. Each film's cast is ranked by that standing, and every credit gets a lead weight of
   1 / (1 + rank / `RANK_SCALE`). The standing is recomputed with each film's notability
   multiplied by the person's lead weight in it, and this is repeated `ITERATIONS` times.
   This is what keeps prolific bit players (many small parts in notable films) below the
   leads: their many credits add to the divisor, their small parts add little to the sum.
3. The final ranking is the credit order (0 = first billed, `order_is_estimated=True`);
   ties fall back to the name. Only films whose acting credits all come from the source
   being imported are re-ordered: a source with real billing is never overridden.

The estimate is a heuristic. Checked by hand against the real leads of 60 famous films,
it bills a real lead first in 40 of them and puts 62 % of the two top-billed leads in
its first three (Heat: Al Pacino, Robert De Niro, Natalie Portman; The Godfather: Al
Pacino, Robert Duvall, Marlon Brando). It fails on people whose every listed film is
famous because nobody lists their small parts in lesser films: cameo regulars (Stan Lee
first in Iron Man), studio extras (Bess Flowers in Vertigo) and franchise bit players
(Kenny Baker in Star Wars) can outrank the real leads. A source with real billing fixes
such films, since it is never overridden.

**Film.critics_score** (0-1) sorts films by critics' score: the lower bound of the 95 %
Wilson score interval for the share of positive reviews in the Tomatometer
(fresh reviews out of all counted reviews). A film with 8 reviews, all positive, gets
0.68, Pulp Fiction's 94 % of 106 about 0.88: the bound is what the critics' verdict is
at least, given how many of them spoke. Films without a Tomatometer get none and sort
last.

**Genre centrality** is refreshed last (`catalogue.centrality`), because it reads the
notability and the estimated billing computed here.

**Person.prominence** is the same Bayesian mean over all of a person's films, with the
final lead weights for acting credits and full weight for directing and writing
credits, without the time weighting.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cinematheque.catalogue import bulk
from cinematheque.catalogue.centrality import genre_centrality_refresh
from cinematheque.catalogue.models import Film, ReviewScore, Source
from cinematheque.people.models import Credit, Person

REVIEWS_FOR_FULL_MARKS = 300
BOX_OFFICE_FLOOR = 1e5  # dollars earning 0 points
BOX_OFFICE_DECADES = 4  # 1e5 … 1e9 dollars
CAST_FOR_FULL_MARKS = 30
OSCARS_FOR_FULL_MARKS = 4

WILSON_Z = 1.96  # 95 % confidence

HALF_LIFE_YEARS = 5.0
PRIOR_FILMS = 5.0
RANK_SCALE = 2.0
ITERATIONS = 2


def film_notability(
    *,
    review_count: int | None,
    box_office: int | None,
    has_metacritic: bool,
    cast_size: int,
    oscar_wins: int | None,
) -> float:
    """0-100 from the film's own published facts (see the module docstring)."""
    reviews = min(
        math.log1p(max(review_count or 0, 0)) / math.log1p(REVIEWS_FOR_FULL_MARKS), 1.0
    )
    money = 0.0
    if box_office and box_office > BOX_OFFICE_FLOOR:
        money = min(
            (math.log10(box_office) - math.log10(BOX_OFFICE_FLOOR))
            / BOX_OFFICE_DECADES,
            1.0,
        )
    score = (
        45 * reviews
        + 25 * money
        + 10 * has_metacritic
        + 10 * min(cast_size / CAST_FOR_FULL_MARKS, 1.0)
        + 10 * min((oscar_wins or 0) / OSCARS_FOR_FULL_MARKS, 1.0)
    )
    return round(score, 2)


def wilson_lower_bound(positive: int, total: int, z: float = WILSON_Z) -> float | None:
    """The lower bound of the Wilson score interval for `positive` out of `total`
    (None without any review): https://doi.org/10.1080/01621459.1927.10502953."""
    if total <= 0:
        return None
    share = min(max(positive, 0), total) / total
    z2 = z * z
    centre = share + z2 / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total))
    return round((centre - spread) / (1 + z2 / total), 4)


def tomatometer_critics_score(
    *, value: float, review_count: int | None, fresh_count: int | None
) -> float | None:
    """Film.critics_score from a Tomatometer row; the fresh count is derived from the
    percentage when the source gives none."""
    if not review_count:
        return None
    fresh = (
        fresh_count if fresh_count is not None else round(value * review_count / 100)
    )
    return wilson_lower_bound(fresh, review_count)


@dataclass(frozen=True)
class CastedFilm:
    pk: int
    year: int | None
    notability: float
    cast: tuple[int, ...]


@dataclass
class BillingEstimate:
    ranks: dict[tuple[int, int], int]  # (film pk, person pk) → 0-based billing
    lead_weights: dict[tuple[int, int], float]


_NO_YEAR = 10**9  # sorts an undated film before every dated one


@dataclass
class _Career:
    """One person's films sorted by year, with the time weighting precomputed.

    A film of year y counts for a film of year `at` with weight 1 up to `at + 1`, then
    0.5^((y - at - 1) / H). That factors as d(y) / d(at + 1) with d(y) =
    0.5^((y - y0) / H), so suffix sums of d(y)·value give every standing of the career
    in one pass instead of one pass per film. Undated films always count fully.
    """

    films: list[int]  # indexes into the film list
    cut: list[int]  # films[:cut[j]] count fully as seen from films[j]
    scale: list[float]  # 1 / d(at + 1) for films[j]
    decay: list[float]  # d(y) per film (0 for undated films)
    suffix_weight: list[float]

    @classmethod
    def build(cls, films: list[int], years: Sequence[int | None]) -> _Career:
        keys = [-_NO_YEAR if (year := years[f]) is None else year for f in films]
        dated = [y for y in keys if y != -_NO_YEAR]
        y0 = dated[0] if dated else 0
        decay = [
            0.0 if y == -_NO_YEAR else 0.5 ** ((y - y0) / HALF_LIFE_YEARS) for y in keys
        ]
        cut, scale = [], []
        for f in films:
            at = years[f]
            if at is None:
                cut.append(len(films))
                scale.append(0.0)
            else:
                cut.append(bisect.bisect_right(keys, at + 1))
                scale.append(0.5 ** ((y0 - at - 1) / HALF_LIFE_YEARS))
        suffix_weight = [0.0] * (len(films) + 1)
        for i in range(len(films) - 1, -1, -1):
            suffix_weight[i] = suffix_weight[i + 1] + decay[i]
        return cls(films, cut, scale, decay, suffix_weight)

    def standings(self, values: Sequence[float]) -> list[float]:
        """The time-weighted Bayesian mean of `values` (one per film) seen from each
        film. The summation order is fixed (films by year, then id), so a rerun on the
        same data gives bit-identical results."""
        n = len(values)
        prefix = [0.0] * (n + 1)
        for i, value in enumerate(values):
            prefix[i + 1] = prefix[i] + value
        suffix = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            suffix[i] = suffix[i + 1] + self.decay[i] * values[i]
        return [
            (prefix[cut] + suffix[cut] * scale)
            / (cut + self.suffix_weight[cut] * scale + PRIOR_FILMS)
            for cut, scale in zip(self.cut, self.scale, strict=True)
        ]


def estimate_billing(
    films: Sequence[CastedFilm], *, names: Mapping[int, str]
) -> BillingEstimate:
    """Rank each film's cast by the iterated, time-weighted standing of its members."""
    films = sorted(films, key=lambda f: (f.year is not None, f.year or 0, f.pk))
    years = [film.year for film in films]
    notability = [film.notability for film in films]
    people = sorted(
        {p for film in films for p in film.cast}, key=lambda p: (names.get(p, ""), p)
    )
    index = {person: i for i, person in enumerate(people)}  # also the name order
    career_films: list[list[int]] = [[] for _ in people]
    members: list[list[tuple[int, int]]] = []  # per film: (person index, career slot)
    for f, film in enumerate(films):
        slots = []
        for person in dict.fromkeys(film.cast):
            i = index[person]
            slots.append((i, len(career_films[i])))
            career_films[i].append(f)
        members.append(slots)
    # Most people have one film: their standing needs no career bookkeeping.
    careers = [_Career.build(c, years) if len(c) > 1 else None for c in career_films]
    single = 1.0 / (1.0 + PRIOR_FILMS)
    longest = max((len(slots) for slots in members), default=0)
    weight_at = [1.0 / (1.0 + rank / RANK_SCALE) for rank in range(longest)]
    lead = [[1.0] * len(c) for c in career_films]
    ranks: list[list[int]] = [[0] * len(c) for c in career_films]
    for _ in range(ITERATIONS + 1):
        standing = [
            [notability[c[0]] * weights[0] * single]
            if career is None
            else career.standings(
                [notability[f] * w for f, w in zip(c, weights, strict=True)]
            )
            for career, c, weights in zip(careers, career_films, lead, strict=True)
        ]
        for slots in members:
            billed = sorted([(-standing[i][j], i, j) for i, j in slots])
            for rank, (_, i, j) in enumerate(billed):
                ranks[i][j] = rank
                lead[i][j] = weight_at[rank]
    estimate = BillingEstimate(ranks={}, lead_weights={})
    for i, person in enumerate(people):
        for j, f in enumerate(career_films[i]):
            key = (films[f].pk, person)
            estimate.ranks[key] = ranks[i][j]
            estimate.lead_weights[key] = lead[i][j]
    return estimate


def person_prominence(
    credits: Iterable[tuple[int, int, float]], notability: Mapping[int, float]
) -> dict[int, float]:
    """Bayesian mean of film notability per person from (person, film, weight) triples;
    a person credited twice on one film counts the film once, with the larger weight."""
    weights: dict[int, dict[int, float]] = defaultdict(dict)
    for person, film, weight in credits:
        films = weights[person]
        films[film] = max(weight, films.get(film, 0.0))
    return {
        person: round(
            sum(notability[f] * w for f, w in films.items())
            / (len(films) + PRIOR_FILMS),
            2,
        )
        for person, films in weights.items()
    }


@dataclass
class DerivedSummary:
    films_rescored: int = 0
    people_rescored: int = 0
    credits_reordered: int = 0
    critics_scores_changed: int = 0
    genre_centralities_changed: int = 0
    # What the changed values are shown on: rescored films and reordered casts, and
    # rescored people (their pages order films and casts by these values).
    changed_films: set[int] = field(default_factory=set)
    changed_people: set[int] = field(default_factory=set)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.films_rescored or self.people_rescored or self.credits_reordered
        )


def derived_values_refresh(*, source: Source) -> DerivedSummary:
    """Recompute Film.notability, Person.prominence and the estimated billing of casts
    that `source` lists without billing; write only values that changed.

    Call inside a transaction, after the import's batches are committed.
    """
    summary = DerivedSummary()
    kind = ReviewScore.Kind
    review_counts: dict[int, int] = {}
    for film_id, count in ReviewScore.objects.filter(
        kind__in=[kind.TOMATOMETER, kind.RT_AVERAGE], review_count__isnull=False
    ).values_list("film_id", "review_count"):
        review_counts[film_id] = max(count or 0, review_counts.get(film_id, 0))
    metacritic = set(
        ReviewScore.objects.filter(kind=kind.METACRITIC).values_list(
            "film_id", flat=True
        )
    )
    credit_rows = list(
        Credit.objects.order_by("pk").values_list(
            "pk",
            "film_id",
            "person_id",
            "department",
            "order",
            "order_is_estimated",
            "source_id",
        )
    )
    acting = Credit.Department.ACTING
    casts: dict[int, dict[int, None]] = defaultdict(dict)
    for _, film_id, person_id, department, *_ in credit_rows:
        if department == acting:
            casts[film_id][person_id] = None

    notability: dict[int, float] = {}
    years: dict[int, int | None] = {}
    rescored: list[tuple[float, int]] = []
    for pk, year, box_office, oscar_wins, current in Film.objects.values_list(
        "pk", "year", "box_office", "oscar_wins", "notability"
    ):
        value = film_notability(
            review_count=review_counts.get(pk),
            box_office=box_office,
            has_metacritic=pk in metacritic,
            cast_size=len(casts.get(pk, ())),
            oscar_wins=oscar_wins,
        )
        notability[pk], years[pk] = value, year
        if value != current:
            rescored.append((value, pk))
    bulk.update_rows(Film, ("notability",), rescored)
    summary.films_rescored = len(rescored)
    summary.changed_films |= {pk for _, pk in rescored}

    names = dict(Person.objects.values_list("pk", "name"))
    estimate = estimate_billing(
        [
            CastedFilm(pk=pk, year=years[pk], notability=notability[pk], cast=tuple(c))
            for pk, c in casts.items()
        ],
        names=names,
    )

    prominence = person_prominence(
        (
            (
                person_id,
                film_id,
                estimate.lead_weights[(film_id, person_id)]
                if department == acting
                else 1.0,
            )
            for _, film_id, person_id, department, *_ in credit_rows
        ),
        notability,
    )
    changed_people = [
        (prominence.get(pk, 0.0), pk)
        for pk, current in Person.objects.values_list("pk", "prominence")
        if prominence.get(pk, 0.0) != current
    ]
    bulk.update_rows(Person, ("prominence",), changed_people)
    summary.people_rescored = len(changed_people)
    summary.changed_people |= {pk for _, pk in changed_people}

    foreign_cast = {
        film_id
        for _, film_id, _, department, _, _, source_id in credit_rows
        if department == acting and source_id != source.pk
    }
    reorder: list[tuple[int, bool, int]] = []
    for pk, film_id, person_id, department, order, estimated, _ in credit_rows:
        if department != acting or film_id in foreign_cast:
            continue
        rank = estimate.ranks[(film_id, person_id)]
        if order != rank or not estimated:
            reorder.append((rank, True, pk))
            summary.changed_films.add(film_id)
    bulk.update_rows(Credit, ("order", "order_is_estimated"), reorder)
    summary.credits_reordered = len(reorder)
    summary.critics_scores_changed = critics_scores_refresh()
    summary.genre_centralities_changed = genre_centrality_refresh().changed
    return summary


def critics_scores_refresh() -> int:
    """Recompute Film.critics_score from the Tomatometer rows; the number changed."""
    scores = {
        film_id: tomatometer_critics_score(
            value=value, review_count=review_count, fresh_count=fresh_count
        )
        for film_id, value, review_count, fresh_count in ReviewScore.objects.filter(
            kind=ReviewScore.Kind.TOMATOMETER
        ).values_list("film_id", "value", "review_count", "fresh_count")
    }
    changed = [
        (scores.get(pk), pk)
        for pk, current in Film.objects.values_list("pk", "critics_score")
        if scores.get(pk) != current
    ]
    bulk.update_rows(Film, ("critics_score",), changed)
    return len(changed)

"""How central each of a film's genres is to it, and the order of a genre's films.

Sources tag films generously: the bundled Wikidata table calls Heat Action, Adventure,
Crime, Drama, History, Mystery and Thriller, and the better known a film is, the more
genres it collects, so ordering a genre by notability alone opens the Crime page with
The Grand Budapest Hotel. `FilmGenre.centrality` (0-1) estimates how much a genre
defines a film from four kinds of evidence in the data:

1. **Share of the film's genres.** Each of the film's k genres starts with 1/k: a
   genre a film shares with few others says more about it than one of seven.
2. **The people who made it.** The genres of the other films of its directors (weight
   `DIRECTOR_WEIGHT`), writers and leads (the first `LEADS` of the cast in billing
   order) form a profile; each other film counts 1/k for each of its k genres, and a
   person's profile is shrunk towards the whole catalogue's genre shares with
   `PRIOR_FILMS` pseudo-films (a person with two films says little). The film's own
   genres are left out of its makers' profiles. A genre the makers work in often
   rises (Scorsese and De Niro: crime), one they rarely touch sinks (Wes Anderson:
   not crime). The makers' share is divided by the square root of the catalogue's
   share (`IDF_POWER` = 0.5): a full division (the *lift*) let a rare genre win on a
   handful of noisy tags (History on The Godfather and Goodfellas), no division let
   Drama win everywhere; the benchmark below found 0.5 best of 0, 0.25, 0.5, 0.75, 1.
   A film whose makers have no other film keeps the catalogue's shares as profile.
3. **Editorial collections.** Other apps add evidence through `register_evidence`:
   editorial marks a film whose published collection is named after a genre (a "crime
   cinema" collection listing Heat) and the evidence multiplies by `EVIDENCE_BOOST`.
4. **Agreement between sources.** `FilmGenre.source_count` is how many sources list
   the genre for the film (1 for the bundled table; TMDB and IMDb genres will raise
   it); each further source multiplies the evidence by `AGREEMENT_BOOST`.

The evidence of genre g on film f is (1/k) * makers' share / catalogue share^0.5 *
boosts; centrality is that evidence divided by the largest evidence among the film's
genres, so every film's most defining genre scores 1 and a film with one genre is
fully central to it.

**Rank on a genre's page** (`FilmGenre.rank`) is notability * centrality^`RANK_POWER`:
a famous film whose genre is incidental sinks below well-known films of the genre,
and among films central to the genre the better known come first.

Checked by `benchmarks/genres.py` against `benchmarks/genre_canon.py`, a list of
well-known films per genre that film fans agree belong to it (and some that carry the
tag but do not): on the bundled catalogue the share of the 10 largest genres' first
pages that is in the canon rises from 34 % (notability order) to 48 %. The constants
were picked on that same canon (a handful of settings tried), so the figure flatters
the method a little. Known limits: a genre tagged on a one-off film by makers who never
worked in it again is ranked by its share of genres only, and a maker whose whole
career is tagged noisily (Christopher Nolan: seven genres per film) lends the noise
to their next film.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from cinematheque.catalogue.models import Film, FilmGenre, Genre
from cinematheque.pages.cache import page_cache_forget
from cinematheque.people.models import Credit

DIRECTOR_WEIGHT = 2.0
WRITER_WEIGHT = 1.0
LEAD_WEIGHT = 1.0
LEADS = 3  # billing orders 0, 1, 2
PRIOR_FILMS = 4.0
IDF_POWER = 0.5
EVIDENCE_BOOST = 2.0
AGREEMENT_BOOST = 1.5
RANK_POWER = 1.5
UPDATE_CHUNK = 5000

# (film id, genre id) pairs that some app holds as evidence that the genre is central.
EvidenceProvider = Callable[[], Iterable[tuple[int, int]]]
_evidence_providers: list[EvidenceProvider] = []


def register_evidence(provider: EvidenceProvider) -> EvidenceProvider:
    """Add a source of (film id, genre id) evidence, read on each refresh; apps that
    stand above the catalogue (editorial) call this from their AppConfig.ready()."""
    if provider not in _evidence_providers:
        _evidence_providers.append(provider)
    return provider


@dataclass
class CentralityInput:
    """Everything the computation reads, as plain data (films by id)."""

    genres: dict[int, list[int]]  # film → its genre ids
    makers: dict[int, list[tuple[int, float]]]  # film → (person, weight)
    notability: dict[int, float]
    source_counts: dict[tuple[int, int], int] = field(default_factory=dict)
    evidence: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class Centrality:
    centrality: float
    rank: float


def compute_centrality(data: CentralityInput) -> dict[tuple[int, int], Centrality]:
    """Centrality and rank of every (film, genre) pair (see the module docstring)."""
    films_genres = {f: gs for f, gs in data.genres.items() if gs}
    prior = _catalogue_shares(films_genres)
    masses, counts = _person_profiles(films_genres, data.makers)
    result: dict[tuple[int, int], Centrality] = {}
    for film, genres in films_genres.items():
        share = 1.0 / len(genres)
        profile = _makers_profile(film, genres, data.makers, masses, counts, prior)
        evidence = {}
        for genre in genres:
            value = share * profile.get(genre, prior[genre]) / prior[genre] ** IDF_POWER
            if (film, genre) in data.evidence:
                value *= EVIDENCE_BOOST
            extra_sources = data.source_counts.get((film, genre), 1) - 1
            value *= AGREEMENT_BOOST ** max(extra_sources, 0)
            evidence[genre] = value
        top = max(evidence.values())
        notability = data.notability.get(film, 0.0)
        for genre, value in evidence.items():
            centrality = round(value / top, 4) if top > 0 else 1.0
            result[(film, genre)] = Centrality(
                centrality=centrality,
                rank=round(notability * centrality**RANK_POWER, 4),
            )
    return result


def _catalogue_shares(films_genres: dict[int, list[int]]) -> dict[int, float]:
    """Each genre's share of all films, a film of k genres counting 1/k for each."""
    mass: dict[int, float] = defaultdict(float)
    for genres in films_genres.values():
        for genre in genres:
            mass[genre] += 1.0 / len(genres)
    total = sum(mass.values()) or 1.0
    return {genre: value / total for genre, value in mass.items()}


def _person_profiles(
    films_genres: dict[int, list[int]], makers: dict[int, list[tuple[int, float]]]
) -> tuple[dict[int, dict[int, float]], dict[int, int]]:
    """Per person: genre → summed 1/k over their films, and their number of films."""
    masses: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[int, int] = defaultdict(int)
    for film, people in makers.items():
        genres = films_genres.get(film)
        if not genres:
            continue
        for person in {person for person, _ in people}:
            counts[person] += 1
            for genre in genres:
                masses[person][genre] += 1.0 / len(genres)
    return masses, counts


def _makers_profile(  # noqa: PLR0917 - a private helper of compute_centrality
    film: int,
    genres: list[int],
    makers: dict[int, list[tuple[int, float]]],
    masses: dict[int, dict[int, float]],
    counts: dict[int, int],
    prior: dict[int, float],
) -> dict[int, float]:
    """genre → the makers' (shrunk) share of the genre in their other films."""
    weighted: dict[int, float] = defaultdict(float)
    total_weight = 0.0
    own = 1.0 / len(genres)
    for person, weight in _unique_makers(makers.get(film, ())):
        other_films = counts[person] - 1
        if other_films <= 0:
            continue
        mass = masses[person]
        for genre in genres:
            other_mass = mass.get(genre, 0.0) - own
            weighted[genre] += weight * (
                (max(other_mass, 0.0) + PRIOR_FILMS * prior[genre])
                / (other_films + PRIOR_FILMS)
            )
        total_weight += weight
    if total_weight == 0:
        return {}
    return {genre: weighted[genre] / total_weight for genre in genres}


def _unique_makers(people: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    """One weight per person: a writer-director counts once, with the larger weight."""
    best: dict[int, float] = {}
    for person, weight in people:
        best[person] = max(weight, best.get(person, 0.0))
    return sorted(best.items())


def centrality_input() -> CentralityInput:
    """Read the catalogue's genres, makers, notability and registered evidence."""
    genres: dict[int, list[int]] = defaultdict(list)
    source_counts: dict[tuple[int, int], int] = {}
    for film, genre, sources in FilmGenre.objects.order_by("film", "genre").values_list(
        "film_id", "genre_id", "source_count"
    ):
        genres[film].append(genre)
        source_counts[(film, genre)] = sources
    makers: dict[int, list[tuple[int, float]]] = defaultdict(list)
    department = Credit.Department
    weights: dict[str, float] = {
        department.DIRECTING: DIRECTOR_WEIGHT,
        department.WRITING: WRITER_WEIGHT,
        department.ACTING: LEAD_WEIGHT,
    }
    for film, person, dept, order in Credit.objects.filter(
        department__in=weights
    ).values_list("film_id", "person_id", "department", "order"):
        if dept != department.ACTING or order < LEADS:
            makers[film].append((person, weights[dept]))
    evidence = {pair for provider in _evidence_providers for pair in provider()}
    return CentralityInput(
        genres=dict(genres),
        makers=dict(makers),
        notability=dict(Film.objects.values_list("pk", "notability")),
        source_counts=source_counts,
        evidence=evidence,
    )


def genres_named_in(texts: Iterable[tuple[int, str]]) -> set[tuple[int, int]]:
    """(film, genre) for each (film, text) whose text names a genre as a word
    ("Crime cinema" → Crime); for evidence providers that have titles, not genres."""
    patterns = [
        (re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE), pk)
        for pk, name in Genre.objects.values_list("pk", "name")
    ]
    return {
        (film, pk)
        for film, text in texts
        for pattern, pk in patterns
        if pattern.search(text)
    }


@dataclass
class CentralitySummary:
    pairs: int = 0
    changed: int = 0


@transaction.atomic
def genre_centrality_refresh() -> CentralitySummary:
    """Recompute FilmGenre.centrality and rank for the whole catalogue and write the
    rows that changed. Call after an import has changed genres, credits or notability
    (it reads them all)."""
    computed = compute_centrality(centrality_input())
    changed, films = [], set()
    for pk, film, genre, centrality, rank in FilmGenre.objects.values_list(
        "pk", "film_id", "genre_id", "centrality", "rank"
    ):
        value = computed.get((film, genre))
        if value and (centrality, rank) != (value.centrality, value.rank):
            changed.append((value.centrality, value.rank, pk))
            films.add(film)
    _update_centrality(changed)
    if films:  # written without signals: name what changed (headings, genre lists)
        page_cache_forget(films=films, lists=True)
    return CentralitySummary(pairs=len(computed), changed=len(changed))


def _update_centrality(rows: list[tuple[float, float, int]]) -> None:
    """One prepared UPDATE per row (executemany): bulk_update's CASE expressions grow
    with the batch and took two minutes for the bundled catalogue's 35,000 rows.
    Table and column names come from the model, values are bound parameters."""
    quote = connection.ops.quote_name
    meta = FilmGenre._meta
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {quote('centrality')} = %s, "  # noqa: S608
        f"{quote('rank')} = %s WHERE {quote(meta.pk.attname)} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPDATE_CHUNK):
            cursor.executemany(sql, rows[start : start + UPDATE_CHUNK])

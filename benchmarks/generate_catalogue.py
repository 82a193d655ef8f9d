"""Generate a large synthetic catalogue (films, people, credits, genres) for benchmarks.

    python benchmarks/generate_catalogue.py --films 1000000 --credits 5000000 \\
        --database-url sqlite:////tmp/cine-1m/cinematheque.sqlite3
    python benchmarks/generate_catalogue.py --films 1000000 --credits 5000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/cine_1m

The database is migrated, the bundled open catalogue is imported first (so the real
films, and the queries of the relevance set, are part of the large catalogue; skip it
with --no-bundled), then synthetic rows are added until there are --films films and
--credits credits. Titles and names are recombined from the words of the real titles
and the first names and surnames of the real people, so their vocabulary, lengths,
accents and namesakes look like a real catalogue's: "The Last Harvest", "Night of the
Hunter II", "Mademoiselle Lumière", "Anna Kowalski". Notability and the number of
credits per person are heavily skewed, as in real catalogues (a few famous films and
prolific actors, a long tail of obscure ones).

Rows are written in large batches with executemany (SQLite) or COPY (PostgreSQL),
never through the ORM one row at a time. From Python, once Django is set up:

    from benchmarks.generate_catalogue import generate
    report = generate(films=100_000, credits=500_000, seed=1)
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 20_000
PEOPLE_PER_FILM = 0.8  # about 800,000 people for a million films
PRIOR_FILMS = 5.0  # as in catalogue/derived.py
YEAR_RANGE = (1900, 2024)
GENRE_COLUMNS = ("film_id", "genre_id", "centrality", "source_count", "rank")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Report:
    films: int
    people: int
    credits: int
    seconds: float


# Words ---------------------------------------------------------------------------
_WORD = re.compile("[^\\W\\d_][\\w'\u2019\\-]*")
_SMALL = {"the", "of", "a", "an", "and", "in", "on", "to", "for", "at", "by", "with"}
_SUBTITLE_STARTS = (
    "The",
    "A",
    "Return of the",
    "Rise of the",
    "Curse of the",
    "Legend of",
)
_ROMAN = ("II", "III", "IV", "V", "VI")


NEW_TITLE_WORDS = 0.12  # share of title words invented, not taken from real titles
NEW_SURNAMES = 0.35
NEW_FIRST_NAMES = 0.08


class WordMaker:
    """New words that look like the training words: a character-level Markov chain
    of order three ('Kowalczyk' and 'Brandtner' from real surnames). A real catalogue
    of a million films has a vocabulary of hundreds of thousands of words, not the
    bundled catalogue's fifty thousand."""

    ORDER = 3

    def __init__(self, words: Iterable[str], rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[str, list[str]] = {}
        for word in words:
            padded = "^" * self.ORDER + word + "$"
            for index in range(len(word) + 1):
                state = padded[index : index + self.ORDER]
                self.next.setdefault(state, []).append(padded[index + self.ORDER])

    def make(self) -> str:
        for _ in range(10):
            state, out = "^" * self.ORDER, []
            while True:
                char = self.rng.choice(self.next[state])
                if char == "$" or len(out) > 14:
                    break
                out.append(char)
                state = state[1:] + char
            if len(out) > 3:
                return "".join(out)
        return "".join(out) or "Untitled"


class Vocabulary:
    """Title words, first names and surnames from the bundled catalogue, with their
    frequencies (common words come back often, rare ones rarely), and new words made
    like them."""

    def __init__(self, titles: Sequence[str], names: Sequence[str], rng: random.Random):
        self.rng = rng
        self.titles = list(titles)
        words: dict[str, int] = {}
        for title in titles:
            for word in _WORD.findall(title):
                if word.lower() not in _SMALL and len(word) > 3:
                    words[word] = words.get(word, 0) + 1
        self.words, self.word_weights = self._cumulative(words)
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        for name in names:
            parts = name.replace(",", "").split()
            if len(parts) >= 2 and len(parts[0]) > 2 and not parts[0].endswith("."):
                first[parts[0]] = first.get(parts[0], 0) + 1
                last[parts[-1]] = last.get(parts[-1], 0) + 1
        self.first, self.first_weights = self._cumulative(first)
        self.last, self.last_weights = self._cumulative(last)
        self.new_word = WordMaker(words, rng)
        self.new_first = WordMaker(first, rng)
        self.new_last = WordMaker(last, rng)

    @staticmethod
    def _cumulative(counts: dict[str, int]) -> tuple[list[str], list[int]]:
        items = sorted(counts.items())
        return [word for word, _ in items], list(
            itertools.accumulate(count for _, count in items)
        )

    def _pick(self, values: list[str], cumulative: list[int]) -> str:
        index = bisect.bisect_left(cumulative, self.rng.random() * cumulative[-1])
        return values[min(index, len(values) - 1)]

    def word(self) -> str:
        if self.rng.random() < NEW_TITLE_WORDS:
            return self.new_word.make()
        return self._pick(self.words, self.word_weights)

    def name(self) -> str:
        middle = (
            f" {self.rng.choice('ABCDEFGHJKLMNPRSTW')}."
            if self.rng.random() < 0.06
            else ""
        )
        suffix = ", Jr." if self.rng.random() < 0.004 else ""
        first = (
            self.new_first.make()
            if self.rng.random() < NEW_FIRST_NAMES
            else self._pick(self.first, self.first_weights)
        )
        last = (
            self.new_last.make()
            if self.rng.random() < NEW_SURNAMES
            else self._pick(self.last, self.last_weights)
        )
        return f"{first}{middle} {last}{suffix}"

    def title(self) -> str:
        """A title recombined from real ones: a real title with words swapped, a new
        adjective-noun title, a sequel or a title with a subtitle."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            words = self.rng.choice(self.titles).split()
            for _ in range(rng.choice((1, 1, 2))):
                positions = [i for i, w in enumerate(words) if w.lower() not in _SMALL]
                if positions:
                    words[rng.choice(positions)] = self.word()
            title = " ".join(words)
        elif roll < 0.75:
            title = " ".join(self.word() for _ in range(rng.choice((1, 2, 2, 3))))
            if rng.random() < 0.35:
                title = "The " + title
        elif roll < 0.9:
            title = f"{self.word()} of the {self.word()}"
        else:
            title = f"{self.word()}: {rng.choice(_SUBTITLE_STARTS)} {self.word()}"
        if rng.random() < 0.05:
            title += " " + (
                rng.choice(_ROMAN) if rng.random() < 0.5 else str(rng.randint(2, 5))
            )
        return title[:300]


# Rows ----------------------------------------------------------------------------
def _defaults(model: Any, connection: Any) -> dict[str, Any]:
    """Every concrete column of `model` with its default, ready for the database."""
    from django.utils import timezone

    now = timezone.now()
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        ):
            value = now
        elif model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        else:
            value = ""
        values[model_field.column] = model_field.get_db_prep_save(value, connection)
    return values


def _writer(connection: Any) -> Callable[[str, Sequence[str], list[tuple]], None]:
    if connection.vendor == "postgresql":

        def copy(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
            quoted = ", ".join(f'"{column}"' for column in columns)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as stream,
            ):
                for row in rows:
                    stream.write_row(row)

        return copy

    def insert(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        quoted = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" * len(columns))
        raw = connection.connection  # the sqlite3 connection: no %s translation
        raw.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)  # noqa: S608

    return insert


def _next_id(connection: Any, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
        return int(cursor.fetchone()[0])


def _reset_sequences(connection: Any, models: Iterable[Any]) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _bundled_words() -> tuple[list[str], list[str]]:
    from bokeh_sampledata.movies_data import movie_path

    source = sqlite3.connect(movie_path)
    try:
        titles = [row[0] for row in source.execute("SELECT Title FROM omdb") if row[0]]
        names = []
        for (cast,) in source.execute(
            'SELECT "Cast" FROM omdb WHERE "Cast" IS NOT NULL'
        ):
            names.extend(name.strip() for name in cast.split(", ") if name.strip())
    finally:
        source.close()
    return titles, names


@dataclass
class _Plan:
    """What a generation adds, and the shared state of its steps."""

    rng: random.Random
    vocabulary: Vocabulary
    write: Callable[[str, Sequence[str], list[tuple]], None]
    report: Progress
    new_films: int
    new_credits: int
    new_people: int
    first_person: int = 0
    cumulative: tuple[float, ...] = ()
    notability_sums: list[float] = field(default_factory=list)
    film_counts: list[int] = field(default_factory=list)


def _add_people(plan: _Plan, connection: Any) -> None:
    """People with a skewed popularity that decides how often each is cast (their
    prominence is set once their films exist, see _set_prominence)."""
    from django.db import transaction
    from django.utils.text import slugify

    from cinematheque.people.models import Person

    defaults = _defaults(Person, connection)
    columns = ["id", *defaults]
    plan.first_person = _next_id(connection, "people_person")
    plan.notability_sums = [0.0] * plan.new_people
    plan.film_counts = [0] * plan.new_people
    popularity = [plan.rng.paretovariate(2.5) for _ in range(plan.new_people)]
    plan.cumulative = tuple(itertools.accumulate(popularity))
    rows: list[tuple] = []
    with transaction.atomic():
        for index in range(plan.new_people):
            person_id = plan.first_person + index
            name = plan.vocabulary.name()
            values = dict(defaults)
            values["name"] = name
            values["slug"] = f"{slugify(name)[:200]}-{person_id}"
            rows.append((person_id, *values.values()))
            if len(rows) >= BATCH:
                plan.write("people_person", columns, rows)
                rows.clear()
                plan.report("people", index + 1, plan.new_people)
        plan.write("people_person", columns, rows)
    plan.report("people", plan.new_people, plan.new_people)


def _cast_of(plan: _Plan, size: int) -> list[int]:
    """Person ids for one film, the popular ones more often."""
    total = plan.cumulative[-1]
    people = {
        plan.first_person
        + min(
            bisect.bisect_left(plan.cumulative, plan.rng.random() * total),
            plan.new_people - 1,
        )
        for _ in range(size)
    }
    return sorted(people)


def _add_films(plan: _Plan, connection: Any, genres: list[int]) -> int:
    """Films with genres and credits (a director, then a cast); returns the number
    of credits written."""
    from django.db import transaction
    from django.utils.text import slugify

    from cinematheque.catalogue.centrality import RANK_POWER
    from cinematheque.catalogue.models import Film
    from cinematheque.people.models import Credit

    rng = plan.rng
    film_defaults = _defaults(Film, connection)
    film_columns = ["id", *film_defaults]
    credit_defaults = _defaults(Credit, connection)
    credit_columns = list(credit_defaults)
    first_film = _next_id(connection, "catalogue_film")
    per_film = plan.new_credits / plan.new_films if plan.new_films else 0.0
    made = 0
    for start in range(0, plan.new_films, BATCH):
        film_rows, genre_rows, credit_rows = [], [], []
        for film_id in range(
            first_film + start, first_film + min(start + BATCH, plan.new_films)
        ):
            title = plan.vocabulary.title()
            # Most films of a large catalogue are obscure: mean 8, one in fifty
            # above 30, a few hundred above 60 (the bundled ones have a median of 30).
            notability = round(min(95.0, rng.expovariate(1 / 8)), 2)
            year = max(
                YEAR_RANGE[0],
                min(YEAR_RANGE[1], int(YEAR_RANGE[1] - abs(rng.gauss(0, 32)))),
            )
            values = dict(film_defaults)
            values.update(
                title=title,
                year=year,
                slug=f"{slugify(title)[:200]}-{year}-{film_id}",
                runtime=rng.randint(70, 160),
                notability=notability,
            )
            film_rows.append((film_id, *values.values()))
            chosen = rng.sample(genres, rng.choice((1, 1, 2, 2, 3)))
            # Invented genres carry no evidence beyond their number: each of a
            # film's genres is equally central (catalogue.centrality's ranking rule).
            centrality = 1 / len(chosen)
            rank = round(notability * centrality**RANK_POWER, 4)
            genre_rows += [
                (film_id, genre_id, centrality, 1, rank) for genre_id in chosen
            ]
            size = max(1, round(rng.gauss(per_film, per_film / 3)))
            for order, person_id in enumerate(_cast_of(plan, size)):
                plan.notability_sums[person_id - plan.first_person] += notability
                plan.film_counts[person_id - plan.first_person] += 1
                values = dict(credit_defaults)
                values.update(film_id=film_id, person_id=person_id)
                if order == 0:
                    values.update(
                        department=Credit.Department.DIRECTING, job="Director"
                    )
                else:
                    values.update(
                        department=Credit.Department.ACTING,
                        job="Actor",
                        order=order - 1,
                        order_is_estimated=True,
                    )
                credit_rows.append(tuple(values.values()))
        with transaction.atomic():
            plan.write("catalogue_film", film_columns, film_rows)
            plan.write("catalogue_film_genres", GENRE_COLUMNS, genre_rows)
            plan.write("people_credit", credit_columns, credit_rows)
        made += len(credit_rows)
        plan.report("films", min(start + BATCH, plan.new_films), plan.new_films)
    return made


def _set_prominence(plan: _Plan, connection: Any) -> None:
    """Prominence as the importer derives it (catalogue/derived.py): the mean notability
    of a person's films, shrunk towards 0 for people with few films."""
    from django.db import transaction

    rows = [
        (plan.first_person + index, round(total / (count + PRIOR_FILMS), 2))
        for index, (total, count) in enumerate(
            zip(plan.notability_sums, plan.film_counts, strict=True)
        )
        if count
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE generated_prominence "
            "(person_id bigint PRIMARY KEY, prominence double precision)"
        )
        for start in range(0, len(rows), BATCH * 5):
            plan.write(
                "generated_prominence",
                ["person_id", "prominence"],
                rows[start : start + BATCH * 5],
            )
        cursor.execute(
            "UPDATE people_person SET prominence = generated_prominence.prominence "
            "FROM generated_prominence "
            "WHERE people_person.id = generated_prominence.person_id"
        )
        cursor.execute("DROP TABLE generated_prominence")
    plan.report("prominence", len(rows), len(rows))


def _new_people(people: int | None, new_films: int) -> int:
    from cinematheque.people.models import Person

    if people is None or not new_films:
        return int(new_films * PEOPLE_PER_FILM)
    return max(people - Person.objects.count(), 1)


def generate(
    *,
    films: int,
    credits: int,
    people: int | None = None,
    seed: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Add synthetic films, people, genre links and credits until the catalogue has
    `films` films and `credits` credits (and `people` people, else 0.8 a new film).
    Django must be set up and migrated."""
    from django.db import connection
    from django.utils.text import slugify

    from cinematheque.catalogue.models import Film, Genre
    from cinematheque.people.models import Credit, Person

    started = time.perf_counter()
    rng = random.Random(seed)
    titles, names = _bundled_words()
    new_films = max(films - Film.objects.count(), 0)
    plan = _Plan(
        rng=rng,
        vocabulary=Vocabulary(titles, names, rng),
        write=_writer(connection),
        report=progress or (lambda stage, done, total: None),
        new_films=new_films,
        new_credits=max(credits - Credit.objects.count(), 0),
        new_people=_new_people(people, new_films),
    )
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    if not Genre.objects.exists():
        for name in ("Drama", "Comedy", "Thriller", "Romance", "Action", "Crime",
                     "Horror", "Documentary", "Adventure", "Science Fiction"):  # fmt: skip
            Genre.objects.create(name=name, slug=slugify(name))
    genres = list(Genre.objects.values_list("id", flat=True))
    if plan.new_people:
        _add_people(plan, connection)
    made = _add_films(plan, connection, genres) if plan.new_people else 0
    if plan.new_people:
        _set_prominence(plan, connection)
    _reset_sequences(connection, [Film, Person, Credit, Film.genres.through])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Every table written: without statistics, prefetching 100 films'
            # genres scanned all 1.8M genre links (1.5 s).
            for table in (
                "catalogue_film",
                "catalogue_film_genres",
                "people_person",
                "people_credit",
            ):
                cursor.execute(f'ANALYZE "{table}"')
    return Report(
        films=new_films,
        people=plan.new_people,
        credits=made,
        seconds=time.perf_counter() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, required=True, help="films in the end")
    parser.add_argument("--credits", type=int, required=True, help="credits in the end")
    parser.add_argument(
        "--database-url",
        required=True,
        help="sqlite:////path/to/file.sqlite3 or postgres://user@host:port/name",
    )
    parser.add_argument(
        "--people", type=int, help="people in the end (default: 0.8 a new film)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--no-bundled", action="store_true", help="do not import the bundled catalogue"
    )
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    if args.database_url.startswith("sqlite:"):
        database = Path(args.database_url.split(":", 1)[1].lstrip("/"))
        database = Path("/") / database
        database.parent.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("CINEMATHEQUE_DATA_DIR", str(database.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from cinematheque.catalogue.models import Film

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if not args.no_bundled and not Film.objects.exists():
        print("Importing the bundled open catalogue first …", flush=True)
        call_command("import_open_catalogue", verbosity=0)
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == total or now - last[0] > 10:
            last[0] = now
            print(f"  {stage}: {done:,}/{total:,} ({now - started:.0f} s)", flush=True)

    report = generate(
        films=args.films,
        credits=args.credits,
        people=args.people,
        seed=args.seed,
        progress=progress,
    )
    print(
        f"Generated {report.films:,} films, {report.people:,} people and "
        f"{report.credits:,} credits in {report.seconds:.0f} s "
        f"({time.perf_counter() - started:.0f} s with migrations and the import)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Importing a 2,000-entry Letterboxd diary (target: at most 10 s on SQLite).

Builds a Letterboxd export zip from films of the catalogue, the way a real member's
looks: `diary.csv` with --entries viewings (some films seen twice, a few titles typed
without accents, with "&" for "and", a year off by one, and about 3 % of films the
catalogue does not have), `ratings.csv` and `watched.csv` for the films seen, then
times `history_import` for a new member (parse, match, write) and once more for the
same file (`again`: everything already there, nothing written).

    python benchmarks/members_import.py [--data-dir DIR] [--entries 2000]

DIR holds a database with the bundled catalogue (`cinematheque init`); without it a
temporary SQLite database is migrated and filled with the bundled catalogue first
(a minute or two, not timed).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["CINEMATHEQUE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()


def ensure_catalogue() -> int:
    from django.core.management import call_command

    from cinematheque.catalogue.models import Film

    call_command("migrate", interactive=False, verbosity=0)
    if not Film.objects.exists():
        print("Loading the bundled catalogue (not timed) …")
        call_command("import_open_catalogue", skip_recommendations=True, verbosity=0)
    return Film.objects.count()


def typed_like_a_member(title: str, rng: random.Random) -> str:
    """The title as people type it now and then: no accents, '&' for 'and'."""
    roll = rng.random()
    if roll < 0.05:
        folded = unicodedata.normalize("NFKD", title)
        return "".join(c for c in folded if not unicodedata.combining(c))
    if roll < 0.08:
        return title.replace(" and ", " & ")
    return title


def latest_ratings(diary: list[list]) -> list[list]:
    """ratings.csv holds each film once, with its latest rating."""
    latest = {(row[1], row[2]): row for row in diary if row[4]}
    return [[row[0], row[1], row[2], row[3], row[4]] for row in latest.values()]


def build_export(entries: int, seed: int) -> bytes:
    from cinematheque.catalogue.models import Film

    rng = random.Random(seed)
    films = list(
        Film.objects.exclude(year__isnull=True)
        .order_by("-notability")
        .values_list("title", "year")[: entries * 2]
    )
    seen = rng.sample(films, k=min(len(films), int(entries * 0.85)))
    diary, day = [], datetime.date(2012, 1, 1)
    for index in range(entries):
        title, year = (
            seen[index % len(seen)]
            if index < entries * 0.97
            else (
                f"A Film Not Catalogued {index}",
                1990 + index % 30,
            )
        )
        if rng.random() < 0.02:
            year += rng.choice((-1, 1))
        day += datetime.timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        rating = rng.choice(["", "2", "2.5", "3", "3.5", "4", "4.5", "5"])
        diary.append(
            [
                day.isoformat(),
                typed_like_a_member(title, rng),
                year,
                f"https://boxd.it/b{index}",
                rating,
                "Yes" if index >= len(seen) else "",
                "",
                day.isoformat(),
            ]
        )
    files = {
        "diary.csv": [
            [
                "Date",
                "Name",
                "Year",
                "Letterboxd URI",
                "Rating",
                "Rewatch",
                "Tags",
                "Watched Date",
            ],
            *diary,
        ],
        "watched.csv": [
            ["Date", "Name", "Year", "Letterboxd URI"],
            *[[row[0], row[1], row[2], row[3]] for row in diary],
        ],
        "ratings.csv": [
            ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
            *latest_ratings(diary),
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="data directory with a catalogue")
    parser.add_argument("--entries", type=int, default=2000, help="diary entries")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cine-import-bench-"))
    setup_django(data_dir)
    films = ensure_catalogue()

    from collections import Counter

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cinematheque.members.imports.services import history_import

    raw = build_export(args.entries, args.seed)
    member = get_user_model().objects.create_user(
        username=f"bench-{time.time_ns()}", password=None
    )
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = history_import(
            user=member, source="letterboxd", filename="bench.zip", raw=raw
        )
        first = time.perf_counter() - started
    started = time.perf_counter()
    again = history_import(
        user=member, source="letterboxd", filename="bench.zip", raw=raw, again=True
    )
    second = time.perf_counter() - started
    counts = Counter(result.batch.rows.values_list("status", flat=True))
    print(f"Database: {connection.vendor}, catalogue of {films:,} films")
    print(
        f"Export: {args.entries:,} diary entries, {sum(counts.values()):,} rows in all"
    )
    print(
        f"First import: {first:.2f} s, {len(queries):,} queries; "
        f"{counts['matched']:,} matched, {counts['ambiguous']:,} ambiguous, "
        f"{counts['unmatched']:,} unmatched, {counts['rejected']:,} rejected"
    )
    print(
        f"Written: {result.changes.diary:,} diary entries, "
        f"{result.changes.ratings:,} ratings, {result.changes.watched:,} watched"
    )
    print(
        f"Same file again: {second:.2f} s, {again.changes.total} rows written "
        "(target for the first import: 10 s)"
    )


if __name__ == "__main__":
    main()

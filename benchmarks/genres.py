"""Do genre pages open with films of the genre? For the 10 largest genres, the share of
the first page (the site's page size) that `benchmarks/genre_canon.py` lists as central
to the genre, in notability order (before) and in the genre page's order (after: most
central first, `catalogue/centrality.py`); and how many films of `NOT_CENTRAL` (tagged
with the genre but not of it) each first page still shows.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/genres.py [--refresh] [--show GENRE]

DIR holds a database with the bundled catalogue (`cinematheque init`). --refresh first
recomputes the centrality (and prints how long it took); --show prints both first
pages of one genre side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_GENRES = 10
ENTRY = re.compile(r"^(?P<title>.+) \((?P<year>\d{4})\)$")


def normalised(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def canon_ids(entries: list[str], films: dict[tuple[str, int], int]) -> set[int]:
    """Film ids of "Title (year)" entries; a year one off is accepted (release dates
    differ between sources). Entries not in the catalogue are reported."""
    found, missing = set(), []
    for entry in dict.fromkeys(entries):
        match = ENTRY.match(entry)
        if match is None:
            missing.append(entry)
            continue
        title, year = normalised(match["title"]), int(match["year"])
        pk = next(
            (
                films[(title, y)]
                for y in (year, year - 1, year + 1)
                if (title, y) in films
            ),
            None,
        )
        if pk is None:
            missing.append(entry)
        else:
            found.add(pk)
    if missing:
        print(f"  ({len(missing)} canon entries not in the catalogue)", file=sys.stderr)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="recompute first")
    parser.add_argument("--show", default="", help="print one genre's first pages")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from django.db.models import Count

    from benchmarks.genre_canon import CANON, NOT_CENTRAL
    from cinematheque.catalogue.browse import BrowseParams
    from cinematheque.catalogue.centrality import genre_centrality_refresh
    from cinematheque.catalogue.models import Film, Genre
    from cinematheque.catalogue.views import FILMS_PER_PAGE

    if not Film.objects.exists():
        sys.exit("The database has no film: run `cinematheque init` first.")
    if args.refresh:
        started = time.perf_counter()
        summary = genre_centrality_refresh()
        print(
            f"Centrality refreshed in {time.perf_counter() - started:.1f} s "
            f"({summary.pairs} film genres, {summary.changed} changed)"
        )
    films = {
        (normalised(title), year): pk
        for pk, title, year in Film.objects.filter(year__isnull=False)
        .order_by("-notability")
        .values_list("pk", "title", "year")[::-1]  # the most notable namesake wins
    }
    titles = dict(Film.objects.values_list("pk", "title"))
    genres = Genre.objects.annotate(n=Count("films")).order_by("-n", "name")
    print(
        f"First page = {FILMS_PER_PAGE} films. 'central': share of the page in the "
        "canon; 'noise': films of NOT_CENTRAL on the page."
    )
    print(f"{'genre':<12} {'films':>6} {'canon':>6}  {'before':>17}  {'after':>17}")
    totals = [0, 0, 0]
    for genre in genres[:TOP_GENRES]:
        canon = canon_ids(CANON.get(genre.name, []), films)
        noise = canon_ids(NOT_CENTRAL.get(genre.name, []), films)
        in_genre = Film.objects.filter(genres=genre)
        before = list(
            in_genre.order_by("-notability", "title", "id").values_list(
                "pk", flat=True
            )[:FILMS_PER_PAGE]
        )
        after = list(
            BrowseParams.parse({"genre": genre.slug})
            .apply(Film.objects.all())
            .values_list("pk", flat=True)[:FILMS_PER_PAGE]
        )
        hits_before = len(canon.intersection(before))
        hits_after = len(canon.intersection(after))
        totals[0] += FILMS_PER_PAGE
        totals[1] += hits_before
        totals[2] += hits_after
        print(
            f"{genre.name:<12} {genre.n:>6} {len(canon):>6}  "
            f"{hits_before / FILMS_PER_PAGE:>6.0%} noise {len(noise.intersection(before)):>2}"
            f"   {hits_after / FILMS_PER_PAGE:>6.0%} noise {len(noise.intersection(after)):>2}"
        )
        if args.show.lower() in {genre.name.lower(), genre.slug}:
            for rank, (b, a) in enumerate(zip(before, after, strict=False), 1):
                mark_b = "*" if b in canon else " "
                mark_a = "*" if a in canon else " "
                print(
                    f"   {rank:>2} {mark_b}{titles[b][:34]:<34} {mark_a}{titles[a][:34]}"
                )
    print(
        f"{'all':<12} {'':>6} {'':>6}  {totals[1] / totals[0]:>6.0%}"
        f"{'':>11}{totals[2] / totals[0]:>6.0%}"
    )


if __name__ == "__main__":
    main()

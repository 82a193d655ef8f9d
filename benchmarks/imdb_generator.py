"""Write IMDb-format dataset files (.tsv.gz) at realistic proportions, for
benchmarks/import_imdb.py.

    python benchmarks/imdb_generator.py OUT_DIR [--scale 0.1] [--seed 1]
        [--mix films|imdb]

Scale 1 is the size the issue names: 1,000,000 titles, 10,000,000 principals,
3,000,000 names and 2,000,000 akas, plus a title.crew row per title and ratings for
40 % of the titles. The files look like IMDb's: the same headers, `\\N` for null,
titles sorted by tconst, principals and akas grouped by title, characters as JSON
lists, a literal `"` or non-ASCII letters in some titles, names shared by several
people, and titles of other types (shorts, episodes, videos: 14 %) and adult ones
(1 %) that the default import leaves out. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path
from typing import TextIO

FULL = {
    "titles": 1_000_000,
    "principals": 10_000_000,
    "names": 3_000_000,
    "akas": 2_000_000,
}
# --mix films: mostly what the import keeps, its hardest case.
TYPES = [
    ("movie", 0.78),
    ("tvMovie", 0.08),
    ("short", 0.07),
    ("tvEpisode", 0.05),
    ("video", 0.02),
]
# --mix imdb: the title types in about the shares of IMDb's own title.basics (2024,
# about 11 million titles: three in four are TV episodes, 6 % movies, 1.4 % TV movies).
IMDB_TYPES = [
    ("tvEpisode", 0.76),
    ("short", 0.095),
    ("movie", 0.063),
    ("video", 0.028),
    ("tvSeries", 0.025),
    ("tvMovie", 0.014),
    ("tvMiniSeries", 0.006),
    ("tvSpecial", 0.005),
    ("videoGame", 0.004),
]
MIXES = {"films": TYPES, "imdb": IMDB_TYPES}
GENRES = [
    "Action",
    "Adventure",
    "Animation",
    "Biography",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "Film-Noir",
    "History",
    "Horror",
    "Music",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Sport",
    "Thriller",
    "War",
    "Western",
]
WORDS = [
    "night",
    "city",
    "heat",
    "river",
    "last",
    "first",
    "dark",
    "long",
    "road",
    "house",
    "blue",
    "red",
    "man",
    "woman",
    "story",
    "love",
    "war",
    "game",
    "king",
    "queen",
    "secret",
    "return",
    "summer",
    "winter",
    "fire",
    "ice",
    "dream",
    "shadow",
    "light",
    "stranger",
    "island",
    "mountain",
    "train",
    "line",
    "edge",
    "time",
    "world",
    "heart",
    "café",
    "señor",
    "über",
    "niño",
    "zoë",
    "kraków",
]
FIRST = [
    "John",
    "Mary",
    "James",
    "Anna",
    "Robert",
    "Maria",
    "Michael",
    "Elena",
    "David",
    "Sofia",
    "William",
    "Laura",
    "Richard",
    "Julia",
    "Thomas",
    "Nina",
    "Charles",
    "Emma",
    "Daniel",
    "Clara",
    "Paul",
    "Alice",
    "Mark",
    "Ingrid",
    "Jean",
    "Yuki",
    "Pierre",
    "Ana",
    "Luis",
    "Chen",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Garcia",
    "Rodriguez",
    "Wilson",
    "Martin",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Lopez",
    "Hill",
    "Scott",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Perez",
    "Roberts",
    "Turner",
    "Dubois",
    "Rossi",
    "Müller",
    "Tanaka",
    "Kowalski",
    "Novak",
    "Silva",
    "Costa",
    "Jensen",
    "Berg",
]
REGIONS = ["US", "GB", "FR", "DE", "IT", "ES", "BR", "JP", "XWW", "CA", "MX", "SE"]
LANGUAGES = ["\\N", "\\N", "\\N", "en", "fr", "de", "ja", "es"]
AKA_TYPES = ["imdbDisplay", "imdbDisplay", "\\N", "working", "festival", "alternative"]
CREW_CATEGORIES = [
    "director",
    "writer",
    "producer",
    "composer",
    "cinematographer",
    "editor",
]
N = "\\N"


def _title(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(1, 4))
    text = " ".join(words).title()
    if rng.random() < 0.01:
        text = f'The "{text}"'
    return text


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def generate(  # noqa: PLR0915 (one pass writes five files)
    out: Path, *, scale: float, seed: int = 1, mix: str = "films"
) -> dict[str, int]:
    """Write the six files into `out`, titles of the types and shares of `mix`
    (MIXES); return the rows written per file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    counts = {key: max(1, int(value * scale)) for key, value in FULL.items()}
    titles, names = counts["titles"], counts["names"]
    per_title = counts["principals"] / titles
    akas_per_title = counts["akas"] / titles
    written: dict[str, int] = {}
    type_names = [t for t, _ in MIXES[mix]]
    type_weights = [w for _, w in MIXES[mix]]

    def open_out(name: str, header: str) -> TextIO:
        handle = gzip.open(  # noqa: SIM115 (closed after the last row)
            out / f"{name}.tsv.gz", "wt", encoding="utf-8", compresslevel=1, newline=""
        )
        handle.write(header + "\n")
        return handle

    basics = open_out(
        "title.basics",
        "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres",
    )
    principals = open_out(
        "title.principals", "tconst\tordering\tnconst\tcategory\tjob\tcharacters"
    )
    crew = open_out("title.crew", "tconst\tdirectors\twriters")
    ratings = open_out("title.ratings", "tconst\taverageRating\tnumVotes")
    akas = open_out(
        "title.akas",
        "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle",
    )
    rows = {
        "title.basics": 0,
        "title.principals": 0,
        "title.crew": 0,
        "title.ratings": 0,
        "title.akas": 0,
    }
    # People credited often are few (a power law over the names).
    for number in range(1, titles + 1):
        tconst = f"tt{number:07d}"
        kind = rng.choices(type_names, type_weights)[0]
        title = _title(rng)
        original = title if rng.random() < 0.8 else _title(rng)
        adult = "1" if rng.random() < 0.01 else "0"
        year = str(rng.randint(1910, 2025)) if rng.random() < 0.97 else N
        runtime = str(rng.randint(60, 200)) if rng.random() < 0.85 else N
        genres = ",".join(sorted(set(rng.choices(GENRES, k=rng.randint(1, 3)))))
        basics.write(
            f"{tconst}\t{kind}\t{title}\t{original}\t{adult}\t{year}\t{N}\t{runtime}\t{genres}\n"
        )
        rows["title.basics"] += 1
        count = max(1, int(rng.gauss(per_title, 2)))
        directors, writers = [], []
        for ordering in range(1, count + 1):
            nconst = f"nm{int(names * rng.random() ** 2) + 1:07d}"
            if ordering <= 4 or rng.random() < 0.5:
                category = rng.choice(("actor", "actress"))
                characters = json.dumps([_name(rng).split()[0]], ensure_ascii=False)
                job = N
            else:
                category = rng.choice(CREW_CATEGORIES)
                characters, job = N, N
                if category == "director":
                    directors.append(nconst)
                elif category == "writer":
                    writers.append(nconst)
            principals.write(
                f"{tconst}\t{ordering}\t{nconst}\t{category}\t{job}\t{characters}\n"
            )
            rows["title.principals"] += 1
        crew.write(f"{tconst}\t{','.join(directors) or N}\t{','.join(writers) or N}\n")
        rows["title.crew"] += 1
        if rng.random() < 0.4:
            ratings.write(
                f"{tconst}\t{rng.randint(10, 99) / 10}\t{int(10 ** rng.uniform(1, 6))}\n"
            )
            rows["title.ratings"] += 1
        for ordering in range(1, int(rng.random() * 2 * akas_per_title + 0.5) + 1):
            akas.write(
                f"{tconst}\t{ordering}\t{_title(rng)}\t{rng.choice(REGIONS)}\t"
                f"{rng.choice(LANGUAGES)}\t{rng.choice(AKA_TYPES)}\t{N}\t0\n"
            )
            rows["title.akas"] += 1
    for handle in (basics, principals, crew, ratings, akas):
        handle.close()
    written.update(rows)
    people = open_out(
        "name.basics",
        "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
    )
    for number in range(1, names + 1):
        born = rng.randint(1880, 2005) if rng.random() < 0.4 else None
        died = (
            rng.randint(born + 20, 2025)
            if born and born < 1990 and rng.random() < 0.3
            else None
        )
        people.write(
            f"nm{number:07d}\t{_name(rng)}\t{born or N}\t{died or N}\tactor\t"
            f"tt{rng.randint(1, titles):07d}\n"
        )
    people.close()
    written["name.basics"] = names
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="films",
        help="title types: films (86 %% films and TV films, the import's hardest "
        "case) or imdb (IMDb's own shares: 7.7 %% films and TV films)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    written = generate(args.out, scale=args.scale, seed=args.seed, mix=args.mix)
    for name, count in written.items():
        print(f"{name}: {count:,} rows")
    print(f"written in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

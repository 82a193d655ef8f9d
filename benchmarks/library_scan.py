"""Scanning a library of 10,000 files (targets: at most 60 s, and a rescan with
nothing changed at most 5 s).

Generates empty video files in a temporary folder, named from the catalogue's films
the ways libraries name them: Jellyfin's `Title (Year)/Title (Year).mkv`, flat
`Title (Year).mp4`, scene releases `Title.Year.1080p.BluRay.x264-GRP`, IMDb id tags,
versions (`- Director's Cut`), `cd1`/`cd2` stacks, trailers and `extras/` folders,
poor names (`Title (Year)/movie.mkv`) and `.nfo` sidecars. Then times the first scan
(parse, match, insert) and a rescan with nothing changed, and prints how many files
were matched to the film they were named after.

    python benchmarks/library_scan.py [--data-dir DIR] [--files 10000] [--only LAYOUT]

`--only "scene release, edition first"` names every file in a form only guessit reads
(`Title.1999.EXTENDED.1080p.BluRay.x264-GRP.mkv`): the slowest case.

`--videos N` writes a real small video (10 s of H.264/AAC made once by ffmpeg) into
N of the feature files, so that the first scan also runs ffprobe on them (a scan
probes the new and changed feature files; empty files have nothing to read).

DIR holds a database with the bundled catalogue (`cinematheque init`); without it a
temporary SQLite database is migrated and filled with the bundled catalogue first
(a minute or two, not timed).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["GRP", "SPARKS", "AMIABLE", "FGT", "YIFY", "DON", "CtrlHD"]
EDITIONS = ["Director's Cut", "Extended Edition", "Theatrical Cut", "Remastered"]


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


def safe(title: str) -> str:
    """A title as a file name: no slash, a colon written as a dash (Jellyfin's
    advice), no leading dot."""
    name = re.sub(r"\s+", " ", title.replace("/", "-").replace(":", " -")).strip()
    return name.lstrip(".")  # `...And Justice for All` would be a hidden file


def dotted(title: str) -> str:
    return re.sub(r"[^\w'&-]+", ".", safe(title)).strip(".")


LAYOUT_WEIGHTS = {
    "jellyfin folder": 30,
    "flat": 15,
    "scene release": 15,
    "imdb id tag": 7,
    "two versions": 7,
    "cd stack": 5,
    "trailer": 5,
    "extras folders": 5,
    "poor name": 5,
    "nfo sidecar": 6,
    # Not in the default mix: a name only guessit reads (`--only` measures it).
    "scene release, edition first": 0,
}


def names_for(
    title: str, year: int, imdb_id: str, rng: random.Random, only: str = ""
) -> list[tuple[str, str, bytes]]:
    """(relative path, kind, content) of the files one film has in the library."""
    name = f"{safe(title)} ({year})"
    release = f"{dotted(title)}.{year}.1080p.BluRay.x264-{rng.choice(GROUPS)}"
    feature = (f"{name}/{name}.mkv", "feature", b"")
    extended = f"{dotted(title)}.{year}.EXTENDED.1080p.BluRay.x264-{rng.choice(GROUPS)}"
    url = f"https://www.imdb.com/title/{imdb_id}/".encode() if imdb_id else b""
    layouts = {
        "jellyfin folder": [feature],
        "flat": [(f"{name}.mp4", "feature", b"")],
        "scene release": [(f"{release}/{release}.mkv", "feature", b"")],
        "imdb id tag": [(f"{name} [imdbid-{imdb_id}]/{name}.mkv", "feature", b"")],
        "two versions": [
            feature,
            (f"{name}/{name} - {rng.choice(EDITIONS)}.mkv", "feature", b""),
        ],
        "cd stack": [
            (f"{name}/{name} - cd{part}.avi", "feature", b"") for part in (1, 2)
        ],
        "trailer": [feature, (f"{name}/{name}-trailer.mp4", "trailer", b"")],
        "extras folders": [
            feature,
            (f"{name}/extras/Making of.mkv", "extra", b""),
            (f"{name}/featurettes/Interview.mkv", "extra", b""),
        ],
        "poor name": [(f"{name}/movie.mkv", "feature", b"")],
        "nfo sidecar": [feature, (f"{name}/{name}.nfo", "nfo", url)],
        "scene release, edition first": [(f"{extended}.mkv", "feature", b"")],
    }
    if only:
        return layouts[only]
    weights = dict(LAYOUT_WEIGHTS)
    if not imdb_id:
        weights["imdb id tag"] = weights["nfo sidecar"] = 0
    (layout,) = rng.choices(list(weights), weights=list(weights.values()))
    return layouts[layout]


def generate(
    root: Path,
    wanted: int,
    seed: int = 12,
    only: str = "",
    features: list[str] | None = None,
) -> dict[str, int]:
    """Write about `wanted` video files; return relative path → intended film id.
    The feature files' paths are added to `features` when given."""
    from cinematheque.catalogue.models import Film

    rng = random.Random(seed)
    films = list(
        Film.objects.exclude(year=None)
        .order_by("pk")
        .values_list("pk", "title", "year", "imdb_id")
    )
    rng.shuffle(films)
    intended: dict[str, int] = {}
    videos = 0
    for pk, title, year, imdb_id in films:
        if videos >= wanted:
            break
        for relative, kind, content in names_for(title, year, imdb_id, rng, only):
            path = root / relative
            if path.exists():
                continue  # two films of one title and year
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if kind != "nfo":
                videos += 1
                intended[relative] = pk
            if kind == "feature" and features is not None:
                features.append(relative)
    return intended


def small_video(directory: Path) -> bytes:
    """10 s of 320x240 H.264 and AAC from ffmpeg's test sources (about 100 KB)."""
    path = directory / "sample.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", "testsrc=duration=10:size=320x240:rate=25"),
            *("-f", "lavfi", "-i", "sine=duration=10"),
            *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(path)),
        ],
        check=True,
    )
    return path.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data directory to reuse")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument(
        "--only", choices=sorted(LAYOUT_WEIGHTS), help="name every file this way"
    )
    parser.add_argument(
        "--videos",
        type=int,
        default=0,
        metavar="N",
        help="N feature files hold a real small video, read by ffprobe (0)",
    )
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="cinematheque-library-")
    data_dir = args.data_dir or Path(scratch.name) / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)
    films = ensure_catalogue()

    from cinematheque.watch.library.scan import scan_libraries
    from cinematheque.watch.models import LibraryFolder, MediaFile

    root = Path(scratch.name) / "library"
    root.mkdir()
    started = time.perf_counter()
    features: list[str] = []
    intended = generate(root, args.files, only=args.only or "", features=features)
    if args.videos:
        if shutil.which("ffprobe") is None:
            print("--videos: ffprobe is not installed, the scan will not probe")
        video = small_video(Path(scratch.name))
        for relative in features[: args.videos]:
            (root / relative).write_bytes(video)
    print(
        f"Generated {len(intended)} video files from {films} films in "
        f"{time.perf_counter() - started:.1f} s"
        + (f" ({min(args.videos, len(features))} real videos)" if args.videos else "")
    )
    LibraryFolder.objects.filter(path=str(root)).delete()
    folder = LibraryFolder.objects.create(path=str(root), name="benchmark")
    load = os.getloadavg()[0]
    cpu = time.process_time()
    first = scan_libraries([folder])
    cpu = time.process_time() - cpu
    print(
        f"first scan: {first.seconds:.1f} s (target <= 60 s), CPU {cpu:.1f} s, "
        f"load {load:.1f}"
    )
    print(f"  {first.summary()}")
    load = os.getloadavg()[0]
    cpu = time.process_time()
    again = scan_libraries([folder])
    cpu = time.process_time() - cpu
    print(
        f"rescan, nothing changed: {again.seconds:.2f} s (target <= 5 s), "
        f"CPU {cpu:.2f} s, load {load:.1f}"
    )
    print(f"  {again.summary()}")
    found = dict(folder.files.values_list("relative_path", "film_id"))
    right = sum(found.get(path) == pk for path, pk in intended.items())
    print(
        f"matched to the film they were named after: {right}/{len(intended)} "
        f"({right / len(intended):.1%}); uncertain "
        f"{folder.files.filter(status=MediaFile.Status.UNCERTAIN).count()}"
    )
    folder.delete()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

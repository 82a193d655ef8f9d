"""`cinematheque library …`: the operator's commands for library folders, added to
the console script by `cinematheque.cli`.

cinematheque library add PATH [--name N]     a folder whose films members may play
cinematheque library remove PATH             forget a folder (files stay on disk)
cinematheque library scan [PATH…]            scan every enabled folder, or these
cinematheque library watch [--interval S]    scan, then rescan folders that change
cinematheque library identify [--json] NAME… what file names are parsed and matched as
cinematheque library list [--json]           every file, its film and stream URL
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_library_parser(sub: Any) -> None:
    """Register `library` and its actions on the console script's subparsers."""
    library = sub.add_parser("library", help="library folders of films to play")
    actions = library.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a library folder")
    add.add_argument("path", help="the folder (absolute, or relative to here)")
    add.add_argument("--name", default="", help="a name shown to operators")
    add.set_defaults(func=cmd_add)
    remove = actions.add_parser("remove", help="remove a library folder")
    remove.add_argument("path", help="the folder's path or name")
    remove.set_defaults(func=cmd_remove)
    scan = actions.add_parser("scan", help="find new, changed and removed files")
    scan.add_argument("paths", nargs="*", metavar="PATH", help="only these folders")
    scan.add_argument("--json", action="store_true", help="print the report as JSON")
    scan.set_defaults(func=cmd_scan)
    watch = actions.add_parser(
        "watch", help="scan, then rescan the folders whose files change (polling)"
    )
    watch.add_argument(
        "--interval", type=float, default=30, help="seconds between polls (30)"
    )
    watch.set_defaults(func=cmd_watch)
    identify = actions.add_parser(
        "identify", help="print what file names are parsed and matched as"
    )
    identify.add_argument("names", nargs="+", metavar="NAME", help="file names")
    identify.add_argument("--json", action="store_true", help="a JSON list")
    identify.set_defaults(func=cmd_identify)
    listing = actions.add_parser("list", help="every file with its film")
    listing.add_argument("--json", action="store_true", help="a JSON list")
    listing.set_defaults(func=cmd_list)


def _ready() -> None:
    from cinematheque.cli import ensure_initialised, setup_django

    setup_django()
    ensure_initialised()


def cmd_add(args: argparse.Namespace) -> int:
    """Add a folder; print how to scan it."""
    _ready()
    from .services import LibraryError, folder_add

    try:
        folder = folder_add(args.path, args.name)
    except LibraryError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(f"Library folder {folder.path} added; `cinematheque library scan` reads it.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove a folder and its files' rows."""
    _ready()
    from .services import LibraryError, folder_remove

    try:
        count = folder_remove(args.path)
    except LibraryError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(f"Library folder {args.path} removed ({count} files forgotten).")
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    """Scan the folders named (default: every enabled one); print the counts and
    every path skipped."""
    _ready()
    from .scan import scan_libraries
    from .services import LibraryError, folder_find

    try:
        folders = [folder_find(path) for path in args.paths] if args.paths else None
    except LibraryError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    report = scan_libraries(folders)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return 0
    print(report.summary())
    for skipped in report.skipped_paths:
        print(f"  skipped {skipped}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Poll the folders every --interval seconds and scan those that changed."""
    _ready()
    from .scan import watch_libraries

    print(f"Watching the library folders every {args.interval:g} s (Ctrl-C stops).")
    watch_libraries(args.interval, announce=print)
    return 0


def cmd_identify(args: argparse.Namespace) -> int:
    """Print what each name is parsed and matched as, one line (or object) each."""
    _ready()
    from .services import identify_names

    identified = identify_names(args.names)
    if args.json:
        print(json.dumps([item.as_dict() for item in identified], indent=2))
        return 0
    for item in identified:
        data = item.as_dict()
        read = f"{data['title']!r} ({data['year'] or 'no year'})"
        extras = ", ".join(
            f"{key} {data[key]}"
            for key in ("edition", "part", "tmdb_id", "imdb_id")
            if data[key]
        )
        kind = "" if data["kind"] == "feature" else f" [{data['kind']}]"
        film = data["film"] or f"no film ({data['status']})"
        method = f" by {data['method']}" if data["method"] else ""
        print(
            f"{item.name}\n  read as {read}{kind}{', ' + extras if extras else ''}\n"
            f"  film: {film}{method}, confidence {data['confidence']:.2f}"
        )
        for candidate in data["candidates"]:
            print(f"  candidate: {candidate['film']} ({candidate['score']:.2f})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print every library file with its film, confidence and stream URL."""
    _ready()
    from .services import file_as_dict, library_files

    rows = [file_as_dict(media_file) for media_file in library_files().iterator()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No library files: add a folder and scan it.")
    for row in rows:
        film = row["film"] or row["status"]
        print(
            f"{row['folder']}/{row['path']}\t{film}\t{row['confidence']:.2f}\t"
            f"{row['stream_url']}"
        )
    return 0

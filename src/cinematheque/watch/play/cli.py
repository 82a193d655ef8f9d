"""`cinematheque watch allow`: an operator lets a member play (and download) the
library's files, or takes it back; added to the `watch` parser by `cinematheque.cli`.
The same permissions can be given in the admin, to a member or a group."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_allow_command(actions: Any) -> None:
    allow = actions.add_parser(
        "allow", help="let a member play the library's files (or take it back)"
    )
    allow.add_argument("username", metavar="USERNAME", help="the member's username")
    allow.add_argument(
        "--download", action="store_true", help="also let them download the files"
    )
    allow.add_argument(
        "--revoke",
        action="store_true",
        help="take the permission back (with --download: only downloading)",
    )
    allow.set_defaults(func=cmd_allow)


def cmd_allow(args: argparse.Namespace) -> int:
    """Give `watch.play_media` (and `watch.download_media` with --download) to a
    member, or with --revoke take both away (only the download one with
    --download)."""
    from cinematheque.cli import ensure_initialised, setup_django

    setup_django()
    ensure_initialised()
    from django.contrib.auth import get_user_model

    from cinematheque.watch.play.access import play_permission_set

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(f"Error: no member is called {args.username!r}.", file=sys.stderr)
        return 1
    if args.revoke and args.download:
        play_permission_set(user, play=True, download=False)
        message = "may still play the library's files, but no longer download them"
    elif args.revoke:
        play_permission_set(user, play=False, download=False)
        message = "may no longer play or download the library's files"
    else:
        play_permission_set(user, play=True, download=args.download)
        message = "may now play" + (" and download" if args.download else "")
        message += " the library's files"
    print(f"{user.get_username()} {message}.")
    return 0

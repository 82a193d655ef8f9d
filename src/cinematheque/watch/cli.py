"""`cinematheque watch …`: the watch app's operator commands, added to the console
script by `cinematheque.cli`. Each subcommand runs a management command of the app."""

from __future__ import annotations

import argparse
from typing import Any


def add_watch_parser(sub: Any) -> Any:
    """Add `cinematheque watch` and its subcommands; returns the subcommands' parser
    so that other watch features can add theirs."""
    watch = sub.add_parser(
        "watch", help="where to watch, and who may play the library's files"
    )
    actions = watch.add_subparsers(dest="action", required=True, metavar="ACTION")
    refresh = actions.add_parser(
        "refresh-offers",
        help="fetch again from TMDB the where-to-watch offers older than DAYS",
    )
    refresh.add_argument(
        "--older-than",
        type=float,
        default=7,
        metavar="DAYS",
        help="films whose offers were fetched more than DAYS ago, or never (default 7)",
    )
    refresh.add_argument(
        "--limit", type=int, metavar="N", help="at most N films, the oldest first"
    )
    refresh.set_defaults(func=cmd_refresh_offers)
    return actions


def cmd_refresh_offers(args: argparse.Namespace) -> int:
    """Run `refresh_watch_offers` with the command line's options."""
    from cinematheque.cli import _verbosity, call, ensure_initialised, setup_django

    setup_django()
    ensure_initialised()
    options: dict[str, object] = {"older_than": args.older_than}
    if args.limit is not None:
        options["limit"] = args.limit
    call("refresh_watch_offers", verbosity=_verbosity(args), **options)
    return 0

"""`cinematheque members token`: an operator's command about member accounts,
added to the `members` parser by `cinematheque.cli`."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_token_command(actions: Any) -> None:
    token = actions.add_parser(
        "token", help="create an API token for a member (printed last, shown once)"
    )
    token.add_argument("--user", required=True, metavar="NAME", help="username")
    token.add_argument("--name", default="", help="a label to tell tokens apart")
    token.set_defaults(func=cmd_token)


def cmd_token(args: argparse.Namespace) -> int:
    """Create an API token for `--user` and print it as the last word of the
    output: only its hash is stored, so it cannot be shown again."""
    from cinematheque.cli import ensure_initialised, setup_django

    setup_django()
    ensure_initialised()
    from cinematheque.members.models import User
    from cinematheque.members.tokens import token_create

    user = User.objects.filter(username=args.user).first()
    if user is None:
        print(f"Error: no member is called {args.user!r}.", file=sys.stderr)
        return 1
    if not user.is_active:
        print(f"Error: the account {args.user!r} is deactivated.", file=sys.stderr)
        return 1
    new = token_create(user, name=args.name or "command line")
    print(f"API token for {user.get_username()} (shown once, keep it secret):")
    print(new.plain)
    return 0

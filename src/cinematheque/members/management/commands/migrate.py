"""Django's `migrate`, adopting a pre-members `auth_user` before it checks history."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from cinematheque.members.legacy import adopt_legacy_user_table


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if adopt_legacy_user_table(connection) and options["verbosity"] >= 1:
            self.stdout.write(
                "Adopted the existing accounts as members (auth_user kept)."
            )
        super().handle(*args, **options)

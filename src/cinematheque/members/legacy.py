"""Adopting a database made before the custom user model.

Such a database has `auth_user` (and its group and permission tables) with the staff
accounts, and editorial migrations applied that now depend on `members.0001_initial`.
`members.User` uses the same tables with the same columns, so the first members
migration is recorded as applied instead of run: nothing is copied, every foreign key
keeps pointing at the same rows.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

FIRST_MIGRATION = ("members", "0001_initial")


def adopt_legacy_user_table(connection: BaseDatabaseWrapper) -> bool:
    """Record `members.0001_initial` as applied when `auth_user` predates it.

    Returns True when it did so. A fresh database is left alone (the migration
    creates the tables), as is one that already went through the swap.
    """
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if FIRST_MIGRATION in applied or ("auth", "0001_initial") not in applied:
        return False
    if "auth_user" not in connection.introspection.table_names():
        return False
    recorder.record_applied(*FIRST_MIGRATION)
    return True

"""Backups of a site: its database and the data directory's own files in one archive.

    cinematheque backup OUT.tar.gz     the database that DATABASE_URL names (or the
                                       embedded SQLite) and the data directory
    cinematheque restore IN.tar.gz     put both back, then apply newer migrations

The archive holds `manifest.json` (format, database vendor, applied migrations, the
files), the database (`database.sqlite3` from SQLite's online backup API, which copies
a consistent snapshot while the site keeps serving; `database.pgdump` from `pg_dump
--format=custom` on PostgreSQL) and `data/`: the data directory without what is
rebuilt on start (the file cache, collected static files) and without the SQLite
database itself. The secret key is included, so that sessions, API tokens and signed
links stay valid after a restore.

Nothing is half-written: a backup is written beside OUT and renamed into place when
complete, and a restore checks the whole archive (manifest, vendor, member names)
before it touches the database or a file.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
# Recreated on start (metrics/: the running server's counts): not worth keeping.
REBUILT = frozenset({"cache", "static", "metrics"})
PG_TIMEOUT = 3600
MAX_MANIFEST_BYTES = 10 * 1024 * 1024  # names and migrations: a few KB in practice


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


@dataclass
class BackupReport:
    path: Path
    vendor: str
    files: list[str] = field(default_factory=list)
    size: int = 0


@dataclass
class RestoreReport:
    vendor: str
    created_at: str
    files: list[str] = field(default_factory=list)
    migrations_applied: int = 0


def backup_create(out: Path, *, using: str = "default") -> BackupReport:
    """Write the database and the data directory's files to the archive `out`
    (`.tar.gz`); an existing file at `out` is replaced only once the new archive
    is complete."""
    out = out.resolve()
    if out.is_dir():
        raise BackupError(f"{out} is a directory; name the archive to write.")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} does not exist.")
    connection = connections[using]
    vendor = connection.vendor
    data_dir = Path(settings.DATA_DIR)
    report = BackupReport(path=out, vendor=vendor)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        dump = Path(work) / (SQLITE_DUMP if vendor == "sqlite" else POSTGRES_DUMP)
        _dump_database(using, dump)
        database_file = _sqlite_path(using)
        data_files = list(_data_files(data_dir, skip={database_file}))
        report.files = [name for name, _ in data_files]
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "vendor": vendor,
            "database": dump.name,
            "migrations": _applied_migrations(using),
            "files": report.files,
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for name, path in data_files:
                archive.add(path, arcname=DATA_PREFIX + name, recursive=False)
        os.replace(partial, out)
    report.size = out.stat().st_size
    return report


def backup_restore(archive_path: Path, *, using: str = "default") -> RestoreReport:
    """Replace the database and the data directory's files with those of the archive,
    then apply the migrations this version has and the backup had not. The archive
    must come from the same kind of database (SQLite or PostgreSQL)."""
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} is not a file.")
    connection = connections[using]
    data_dir = Path(settings.DATA_DIR)
    with (
        _opened(archive_path) as archive,
        tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as work,
    ):
        manifest = _read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['vendor']} database and the site now "
                f"uses {connection.vendor}; restore it where DATABASE_URL names the "
                "same kind of database."
            )
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                "This backup comes from a newer version of cinematheque (migrations "
                f"{', '.join(unknown[:3])} are unknown here); upgrade first."
            )
        _extract(archive, manifest, Path(work))
        _load_database(using, Path(work) / manifest["database"])
        for name in manifest["files"]:
            target = data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(work) / DATA_PREFIX / name, target)
    applied = _migrate(using)
    caches["default"].clear()
    return RestoreReport(
        vendor=manifest["vendor"],
        created_at=manifest["created_at"],
        files=list(manifest["files"]),
        migrations_applied=applied,
    )


# --- The database ------------------------------------------------------------------


def _sqlite_path(using: str) -> Path | None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return None
    return Path(connection.settings_dict["NAME"]).resolve()


def _dump_database(using: str, dump: Path) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run_pg(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"], using)
    else:
        raise BackupError(
            f"Backups of {connection.vendor} databases are not supported."
        )


def _load_database(using: str, dump: Path) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # The online backup API writes into the open database: every connection
            # of this process keeps working, and readers see the old or new pages.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    _run_pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(dump),
        ],
        using,
    )


def _run_pg(command: list[str], using: str) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} is not installed; on Debian: apt-get install postgresql-client."
        )
    options = connections[using].settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if options.get(key):
            environment[variable] = str(options[key])
    if command[0] == "pg_restore":
        command = [*command[:-1], f"--dbname={options['NAME']}", command[-1]]
    result = subprocess.run(  # noqa: S603 (a fixed program, arguments from settings)
        [executable, *command[1:]],
        env=environment,
        capture_output=True,
        text=True,
        timeout=PG_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _unknown_migrations(names: list[str]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return [name for name in names if name not in known]


def _migrate(using: str) -> int:
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    return len(pending)


# --- The archive -------------------------------------------------------------------


def _data_files(
    data_dir: Path, *, skip: set[Path | None]
) -> Iterator[tuple[str, Path]]:
    """(name inside the data directory, path) of every file worth keeping."""
    skipped = {path for path in skip if path is not None}
    skipped |= {Path(f"{path}-wal") for path in skipped} | {
        Path(f"{path}-shm") for path in skipped
    }
    for root, directories, files in os.walk(data_dir):
        here = Path(root)
        directories[:] = sorted(
            name
            for name in directories
            if not name.startswith(".") and not (here == data_dir and name in REBUILT)
        )
        for name in sorted(files):
            path = here / name
            if path.resolve() in skipped or path.is_symlink() or name.startswith("."):
                continue
            yield path.relative_to(data_dir).as_posix(), path


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a backup archive: {error}") from error
    with archive:
        yield archive


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        if member.size > MAX_MANIFEST_BYTES:
            raise BackupError(
                "The archive's manifest.json is larger than any backup's: refused."
            )
        handle = archive.extractfile(member)
        if handle is None:
            raise KeyError(MANIFEST)
        manifest = json.load(handle)
    except (KeyError, ValueError, tarfile.TarError) as error:
        raise BackupError(
            "The archive has no readable manifest.json: not a cinematheque backup."
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError("The archive's format is not one this version can restore.")
    required = {"vendor": str, "database": str, "migrations": list, "files": list}
    for key, kind in required.items():
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"The archive's manifest lacks {key!r}.")
    if manifest["database"] not in (SQLITE_DUMP, POSTGRES_DUMP):
        raise BackupError("The archive's manifest names an unknown database file.")
    for name in manifest["files"]:
        if not _is_plain_relative(name):
            raise BackupError(f"The archive's manifest names an unsafe path: {name!r}")
    return manifest


def _space_check(members: list[tarfile.TarInfo], work: Path) -> None:
    """Refuse before writing anything an archive that unpacks to more than the data
    directory's disk has free (a damaged or crafted archive can say terabytes)."""
    needed = sum(member.size for member in members)
    free = shutil.disk_usage(work).free
    if needed > free:
        raise BackupError(
            f"The archive unpacks to {needed / 1e9:.1f} GB and the data directory's "
            f"disk has {free / 1e9:.1f} GB free."
        )


def _is_plain_relative(name: object) -> bool:
    if not isinstance(name, str) or not name or "\x00" in name:
        return False
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts


def _extract(archive: tarfile.TarFile, manifest: dict[str, Any], work: Path) -> None:
    """Extract the database and the listed files, refusing anything else (absolute
    paths, '..', links, devices: tarfile's 'data' filter)."""
    wanted = {manifest["database"]} | {DATA_PREFIX + name for name in manifest["files"]}
    members = [member for member in archive.getmembers() if member.name in wanted]
    missing = wanted - {member.name for member in members}
    if missing:
        raise BackupError(f"The archive lacks {sorted(missing)[0]}.")
    _space_check(members, work)
    try:
        archive.extractall(work, members=members, filter="data")
    except (tarfile.FilterError, OSError) as error:
        raise BackupError(f"The archive holds an unsafe entry: {error}") from error

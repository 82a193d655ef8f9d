"""`cinematheque backup` and `restore`: a round trip loses nothing, a bad archive
changes nothing, and a backup that cannot be written leaves no half-written file."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from cinematheque import cli
from cinematheque.backup import BackupError, backup_create, backup_restore
from cinematheque.catalogue.models import Film
from cinematheque.members.models import Rating
from tests import factories
from tests.operations.conftest import (
    cli_environment,
    needs_mount_namespace,
    run_cli,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_dir(tmp_path: Path, settings) -> Path:
    """A data directory with the files a site keeps, and the ones it rebuilds."""
    directory = tmp_path / "data"
    (directory / "media" / "posters").mkdir(parents=True)
    (directory / "cache").mkdir()
    (directory / "static").mkdir()
    (directory / "secret_key").write_text("the-site-secret")
    (directory / "media" / "posters" / "heat.jpg").write_bytes(b"\xff\xd8poster")
    (directory / "cache" / "page.djcache").write_bytes(b"cached page")
    (directory / "metrics" / "8000").mkdir(parents=True)
    (directory / "metrics" / "8000" / "counter_1.db").write_bytes(b"counts")
    (directory / "static" / "site.css").write_text("body {}")
    settings.DATA_DIR = directory
    return directory


@pytest.fixture
def site(data_dir):
    heat = factories.make_film(title="Heat", year=1995)
    member = get_user_model().objects.create_user(username="ana", password="s3cret!")
    Rating.objects.create(user=member, film=heat, value=9)
    return heat


def archive_names(path: Path) -> set[str]:
    with tarfile.open(path, "r:gz") as archive:
        return set(archive.getnames())


def test_a_round_trip_loses_nothing(tmp_path, data_dir, site):
    out = tmp_path / "site.tar.gz"
    report = backup_create(out)
    assert sorted(report.files) == ["media/posters/heat.jpg", "secret_key"]
    assert "data/cache/page.djcache" not in archive_names(out)
    assert "data/metrics/8000/counter_1.db" not in archive_names(out)
    # What happens after the backup: deletions, new rows, changed files.
    Film.objects.all().delete()
    get_user_model().objects.all().delete()
    factories.make_film(title="Added later")
    (data_dir / "secret_key").write_text("another-secret")
    (data_dir / "media" / "posters" / "heat.jpg").unlink()

    restored = backup_restore(out)

    assert list(Film.objects.values_list("title", flat=True)) == ["Heat"]
    member = get_user_model().objects.get(username="ana")
    assert member.check_password("s3cret!")
    assert Rating.objects.get(user=member).film.title == "Heat"
    assert (data_dir / "secret_key").read_text() == "the-site-secret"
    assert (
        data_dir / "media" / "posters" / "heat.jpg"
    ).read_bytes() == b"\xff\xd8poster"
    assert restored.migrations_applied == 0
    assert not list(data_dir.glob(".restore-*"))


def test_the_command_line_round_trip(tmp_path, data_dir, site, capsys):
    out = tmp_path / "nightly.tar.gz"
    assert cli.main(["backup", str(out)]) == 0
    assert "2 files of the data directory" in capsys.readouterr().out
    Film.objects.all().delete()
    assert cli.main(["restore", str(out)]) == 0
    assert "Restored the" in capsys.readouterr().out
    assert Film.objects.get().title == "Heat"


def test_a_file_that_is_not_a_backup_changes_nothing(tmp_path, data_dir, site, capsys):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    assert cli.main(["restore", str(bogus)]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert Film.objects.get().title == "Heat"


def rewritten(path: Path, **manifest_changes) -> Path:
    """A copy of the backup at `path` with its manifest changed."""
    copy = path.with_name("changed.tar.gz")
    with tarfile.open(path, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member)
            if member.name == "manifest.json":
                assert content is not None
                manifest = json.load(content) | manifest_changes
                data = json.dumps(manifest).encode()
                member.size = len(data)
                content = io.BytesIO(data)
            target.addfile(member, content)
    return copy


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vendor": "mysql"}, "This backup is of a mysql database"),
        ({"migrations": ["catalogue.9999_future"]}, "newer version"),
        ({"files": ["../outside"]}, "unsafe path"),
        ({"files": ["/etc/passwd"]}, "unsafe path"),
        ({"files": ["secret_key", "missing.txt"]}, "lacks data/missing.txt"),
        ({"format": 99}, "format"),
    ],
)
def test_a_suspicious_or_foreign_archive_is_refused_before_anything_changes(
    tmp_path, data_dir, site, changes, message
):
    archive = rewritten(backup_create(tmp_path / "site.tar.gz").path, **changes)
    Film.objects.all().delete()
    (data_dir / "secret_key").write_text("current")
    with pytest.raises(BackupError, match=message):
        backup_restore(archive)
    assert not Film.objects.exists()
    assert (data_dir / "secret_key").read_text() == "current"
    assert not (tmp_path / "outside").exists()


def test_an_archive_larger_than_the_free_disk_is_refused_before_unpacking(
    tmp_path, data_dir, site, monkeypatch
):
    archive = backup_create(tmp_path / "site.tar.gz").path
    Film.objects.all().delete()
    usage = shutil.disk_usage(data_dir)
    monkeypatch.setattr(
        "cinematheque.backup.shutil.disk_usage",
        lambda path: usage._replace(free=100),
    )
    with pytest.raises(BackupError, match=r"disk has 0\.0 GB free"):
        backup_restore(archive)
    assert not Film.objects.exists()
    assert not list(data_dir.glob(".restore-*"))


def test_an_oversized_manifest_is_refused_unread(tmp_path, data_dir, site, monkeypatch):
    archive = backup_create(tmp_path / "site.tar.gz").path
    monkeypatch.setattr("cinematheque.backup.MAX_MANIFEST_BYTES", 10)
    with pytest.raises(BackupError, match="larger than any backup"):
        backup_restore(archive)


def test_backing_up_into_a_missing_directory_says_so(tmp_path, data_dir, site):
    with pytest.raises(BackupError, match="does not exist"):
        backup_create(tmp_path / "no-such-dir" / "site.tar.gz")


@needs_mount_namespace
def test_a_full_disk_leaves_no_half_written_backup(tmp_path):
    data = tmp_path / "data"
    migrated = run_cli(
        "manage", "migrate", "-v", "0", environment=cli_environment(data)
    )
    assert migrated.returncode == 0, migrated.stderr
    target = tmp_path / "backups"
    target.mkdir()
    # A 64 KB file system on the target, listed after the command (it vanishes with
    # its namespace).
    list_after = [
        "unshare",
        "-rm",
        "sh",
        "-c",
        'mount -t tmpfs -o size=64k,mode=700 tmpfs "$0" && "$@"; status=$?; '
        'echo "left: $(ls -A "$0")"; exit $status',
        str(target),
    ]
    result = run_cli(
        "backup",
        str(target / "site.tar.gz"),
        environment=cli_environment(data),
        prefix=list_after,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "space" in result.stderr.lower()
    assert result.stdout.strip().endswith("left:")

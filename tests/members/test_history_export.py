"""The member's export: Letterboxd import columns plus JSON of everything, and a
round trip (export → import into a fresh member → the same history)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from cinematheque import cli
from cinematheque.members.export import IMPORT_COLUMNS, member_export
from cinematheque.members.imports import services
from cinematheque.members.models import (
    FavouriteFilm,
    Follow,
    ImportBatch,
    Review,
    WatchlistEntry,
)
from tests.factories import make_user
from tests.members.history import LETTERBOXD, film, make_catalogue, zip_folder
from tests.members.test_history_import import member_data

pytestmark = pytest.mark.django_db


def filled_member():
    make_catalogue()
    user = make_user()
    services.history_import(
        user=user,
        source="letterboxd",
        filename="export.zip",
        raw=zip_folder(LETTERBOXD / "extratone"),
    )
    services.history_import(
        user=user,
        source="letterboxd",
        filename="messy.zip",
        raw=zip_folder(LETTERBOXD / "messy"),
    )
    return user


def test_export_has_letterboxd_columns_and_json_of_everything():
    user = filled_member()
    FavouriteFilm.objects.create(user=user, film=film("Heat", 1995), position=1)
    WatchlistEntry.objects.create(user=user, film=film("Zatoichi", 2003))
    Follow.objects.create(follower=user, followed=make_user(username="friend"))
    archive = zipfile.ZipFile(io.BytesIO(member_export(user=user)))
    names = set(archive.namelist())
    assert {"letterboxd-import.csv", "watchlist.csv", "cinematheque.json"} <= names
    assert "lists/media-meta.csv" in names
    rows = list(csv.reader(io.StringIO(archive.read("letterboxd-import.csv").decode())))
    assert rows[0] == IMPORT_COLUMNS
    spectre = next(row for row in rows if row[0] == "Spectre" and row[4])
    assert spectre[4:7] == ["2017-12-31", "6", "Yes"]
    assert spectre[8].startswith("Big Dan - his face")
    data = json.loads(archive.read("cinematheque.json"))
    assert data["profile"]["username"] == user.username
    assert data["following"] == ["friend"]
    assert data["favourites"][0]["title"] == "Heat"
    assert len(data["diary"]) == 14
    # When Harry Met Sally... was on the watchlist until the messy diary saw it.
    assert [entry["title"] for entry in data["watchlist"]] == ["Zatoichi"]


def test_round_trip_gives_a_fresh_member_the_same_history():
    user = filled_member()
    before = member_data(user)
    fresh = make_user()
    result = services.history_import(
        user=fresh,
        source="letterboxd",
        filename="cinematheque.zip",
        raw=member_export(user=user),
    )
    assert not result.batch.rows.filter(status__in=["unmatched", "rejected"]).exists()
    assert member_data(fresh) == before
    assert Review.objects.filter(user=fresh, diary_entry__isnull=False).count() == (
        Review.objects.filter(user=user, diary_entry__isnull=False).count()
    )


def test_export_and_import_commands(tmp_path):
    user = filled_member()
    out = tmp_path / "history.zip"
    stdout = io.StringIO()
    call_command(
        "export_history", str(out), user=user.username, no_progress=True, stdout=stdout
    )
    assert "Wrote" in stdout.getvalue()
    other = make_user()
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_history",
        "letterboxd",
        str(out),
        user=other.username,
        no_progress=True,
        stdout=stdout,
        stderr=stderr,
    )
    assert "0 rejected" in stdout.getvalue()
    assert member_data(other) == member_data(user)


def test_cli_members_import_reports_rejected_rows(tmp_path, capsys):
    make_catalogue()
    user = make_user(username="ana")
    path = tmp_path / "diary.csv"
    path.write_bytes((LETTERBOXD / "messy" / "diary.csv").read_bytes())
    assert (
        cli.main(["members", "import", "letterboxd", "--user", "ana", str(path)]) == 0
    )
    captured = capsys.readouterr()
    assert "3 rejected" in captured.out
    assert "impossible date '2024-02-30'" in captured.err
    assert ImportBatch.objects.get().user == user
    out = tmp_path / "out.zip"
    assert cli.main(["members", "export", "--user", "ana", str(out)]) == 0
    assert zipfile.is_zipfile(out)


def test_cli_names_an_unknown_member(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("Const,Title\n")
    code = cli.main(["members", "import", "imdb", "--user", "nobody", str(path)])
    assert code == 1
    assert "No member is called 'nobody'" in capsys.readouterr().err


def test_a_catalogue_import_from_the_cli_matches_unmatched_rows_again(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "setup_django", lambda: None)
    monkeypatch.setattr(cli, "ensure_initialised", lambda: None)
    monkeypatch.setattr(cli, "call", lambda *args, **kwargs: calls.append(args))
    assert cli.main(["import", "open-catalogue", "--limit", "5"]) == 0
    assert calls == [
        ("import_open_catalogue", "--limit", "5"),
        ("import_history", "retry"),
    ]

"""Letterboxd and IMDb imports on real export files (tests/fixtures/*/README.md) and on
messy rows written for the purpose: every row lands, or is reported with a reason."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from cinematheque.members.imports import services, uploads
from cinematheque.members.imports.apply import HistoryWriter
from cinematheque.members.imports.models import ImportBatch, ImportRow
from cinematheque.members.imports.records import ExportFormatError
from cinematheque.members.models import (
    DiaryEntry,
    FilmList,
    Rating,
    RatingSummary,
    Review,
    WatchedFilm,
    WatchlistEntry,
)
from tests.factories import make_film, make_user
from tests.members.history import IMDB, LETTERBOXD, film, make_catalogue, zip_folder

pytestmark = pytest.mark.django_db
Status = ImportRow.Status


def import_letterboxd(user, raw: bytes, filename: str = "export.zip", **kwargs):
    return services.history_import(
        user=user, source="letterboxd", filename=filename, raw=raw, **kwargs
    )


def import_imdb(user, name: str):
    return services.history_import(
        user=user, source="imdb", filename=name, raw=(IMDB / name).read_bytes()
    )


def statuses(batch: ImportBatch) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in batch.rows.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def member_data(user) -> dict[str, object]:
    """Everything an import writes for a member, comparable across members."""
    return {
        "ratings": sorted(
            Rating.objects.filter(user=user).values_list("film__slug", "value")
        ),
        "watched": sorted(
            WatchedFilm.objects.filter(user=user).values_list("film__slug", flat=True)
        ),
        "diary": sorted(
            DiaryEntry.objects.filter(user=user).values_list(
                "film__slug", "watched_on", "rating", "rewatch", "tags"
            ),
            key=repr,
        ),
        "watchlist": sorted(
            WatchlistEntry.objects.filter(user=user).values_list(
                "film__slug", flat=True
            )
        ),
        "reviews": sorted(
            Review.objects.filter(user=user).values_list(
                "film__slug", "body", "diary_entry__watched_on"
            ),
            key=repr,
        ),
        "lists": sorted(
            (film_list.title, [item.film.slug for item in film_list.items.all()])
            for film_list in FilmList.objects.filter(owner=user)
        ),
    }


# --- Letterboxd -------------------------------------------------------------------


def test_letterboxd_zip_imports_every_file_of_a_real_export():
    make_catalogue()
    user = make_user()
    result = import_letterboxd(user, zip_folder(LETTERBOXD / "extratone"))

    christine = film("Christine", 1983)
    assert Rating.objects.get(user=user, film=christine).value == 10
    assert Rating.objects.get(user=user, film=film("Inception", 2010)).value == 5
    # Watched once per film, viewings from the diary (Iron Man's is a rewatch).
    assert WatchedFilm.objects.filter(user=user, film=christine).count() == 1
    iron_man = DiaryEntry.objects.get(user=user, film=film("Iron Man", 2008))
    assert (iron_man.watched_on, iron_man.rating, iron_man.rewatch) == (
        datetime.date(2017, 12, 29),
        8,
        True,
    )
    # Accents, commas in titles, "&" = "and".
    assert WatchedFilm.objects.filter(user=user, film=film("Amélie", 2001)).exists()
    assert DiaryEntry.objects.filter(user=user, film=film("Hit and Run", 2012)).exists()
    billboards = film("Three Billboards Outside Ebbing, Missouri", 2017)
    assert Rating.objects.get(user=user, film=billboards).value == 4
    # The review joins its diary entry by the log entry's URI; HTML became Markdown.
    spectre = Review.objects.get(user=user, film=film("Spectre", 2015))
    assert spectre.diary_entry is not None
    assert spectre.diary_entry.watched_on == datetime.date(2017, 12, 31)
    assert spectre.body.startswith("Big Dan - his face, a jowly slate.\n\nBig Aston")
    assert spectre.body.endswith("**Bad Movie, Okay Bond**.")
    linked = Review.objects.get(user=user, film=billboards).body
    assert "[Extratone](http://bit.ly/redbillboards)" in linked
    assert "> Rockwell\u2019s character" in linked
    assert "<" not in linked
    # A list, in its order, kept private.
    media = FilmList.objects.get(owner=user, slug="media-meta")
    assert media.title == "Media Meta"
    assert media.public is False
    assert [item.film.title for item in media.items.all()] == [
        "Nightcrawler",
        "Network",
    ]
    # Liking a film marks it watched.
    assert WatchedFilm.objects.filter(user=user, film=film("Drive", 2011)).exists()
    # Not here, or deleted: kept in the report.
    unmatched = set(
        result.batch.rows.filter(status=Status.UNMATCHED).values_list(
            "title", flat=True
        )
    )
    assert {"Summer with Monika", "La La Land", "Spotlight", "Tank"} <= unmatched
    skipped = result.batch.rows.filter(status=Status.SKIPPED)
    assert skipped.filter(file="deleted/diary.csv", title="Tetris").exists()
    assert skipped.filter(file="deleted/lists/eryn.csv").count() == 3
    assert not WatchlistEntry.objects.filter(user=user, film__title="Tetris").exists()


def test_same_title_and_year_is_ambiguous_never_a_guess():
    make_catalogue()
    user = make_user()
    batch = import_letterboxd(user, zip_folder(LETTERBOXD / "extratone")).batch
    king_kong = batch.rows.filter(title="King Kong")
    assert set(king_kong.values_list("status", flat=True)) == {Status.AMBIGUOUS}
    assert all(len(row.candidates) == 2 for row in king_kong)
    assert not Rating.objects.filter(user=user, film__title="King Kong").exists()


def test_choosing_a_candidate_resolves_the_films_rows_of_the_batch():
    make_catalogue()
    user = make_user()
    batch = import_letterboxd(user, zip_folder(LETTERBOXD / "extratone")).batch
    row = batch.rows.filter(title="King Kong", kind="rating").get()
    chosen = film_by_slug = row.candidates[1]
    resolved = services.import_row_choose(user=user, row=row, film_id=chosen)
    assert resolved == 3  # the rating, the watched row and the diary row
    assert Rating.objects.get(user=user, film_id=film_by_slug).value == 10
    entry = DiaryEntry.objects.get(user=user, film_id=chosen)
    assert entry.rewatch is True
    assert not batch.rows.filter(status=Status.AMBIGUOUS).exists()


def test_a_film_outside_the_candidates_is_refused():
    make_catalogue()
    user = make_user()
    batch = import_letterboxd(user, zip_folder(LETTERBOXD / "extratone")).batch
    row = batch.rows.filter(title="King Kong", kind="rating").get()
    with pytest.raises(services.ChoiceError):
        services.import_row_choose(user=user, row=row, film_id=film("Heat", 1995).pk)
    with pytest.raises(services.ChoiceError):
        services.import_row_choose(user=make_user(), row=row, film_id=row.candidates[0])


def test_importing_the_same_export_twice_changes_nothing():
    make_catalogue()
    user = make_user()
    raw = zip_folder(LETTERBOXD / "extratone")
    first = import_letterboxd(user, raw)
    before = member_data(user)
    repeated = import_letterboxd(user, raw)
    assert repeated.repeated
    assert repeated.batch == first.batch
    forced = import_letterboxd(user, raw, again=True)
    assert forced.batch != first.batch
    assert forced.changes.total == 0
    assert member_data(user) == before


def test_csv_files_alone_and_a_zip_with_a_top_folder_give_the_same_history():
    make_catalogue()
    zipped, loose = make_user(), make_user()
    import_letterboxd(zipped, zip_folder(LETTERBOXD / "extratone", top="lb-export"))
    for name in ("ratings.csv", "watched.csv", "diary.csv", "reviews.csv"):
        raw = (LETTERBOXD / "extratone" / name).read_bytes()
        import_letterboxd(loose, raw, filename=name)
    import_letterboxd(
        loose,
        (LETTERBOXD / "extratone" / "watchlist.csv").read_bytes(),
        filename="watchlist.csv",
    )
    import_letterboxd(
        loose,
        (LETTERBOXD / "extratone" / "lists" / "media-meta.csv").read_bytes(),
        filename="media-meta.csv",
    )
    import_letterboxd(
        loose,
        (LETTERBOXD / "extratone" / "likes" / "films.csv").read_bytes(),
        filename="likes/films.csv",
    )
    assert member_data(zipped) == member_data(loose)


def test_messy_rows_are_reported_and_nothing_is_lost():
    make_catalogue()
    user = make_user()
    batch = import_letterboxd(
        user, zip_folder(LETTERBOXD / "messy"), filename="messy.zip"
    ).batch
    rows = {(row.file, row.line): row for row in batch.rows.all()}
    heat = film("Heat", 1995)
    # Two viewings on one day are two entries; the review joined the first.
    entries = DiaryEntry.objects.filter(user=user, film=heat).order_by("id")
    assert [(e.rating, e.rewatch, e.tags) for e in entries] == [
        (9, False, ["crime", "rewatch-worthy"]),
        (10, True, []),
    ]
    review = Review.objects.get(user=user, film=heat)
    assert review.diary_entry == entries[0]
    assert review.body.startswith(
        'First line.\nSecond line, with a comma; and "quotes"'
    )
    assert "*A paragraph* & alert(1)an end." in review.body
    # The latest rated viewing gives the rating when ratings.csv has none.
    assert Rating.objects.get(user=user, film=heat).value == 10
    # Quotes, commas, "&", "…", an empty year.
    assert DiaryEntry.objects.filter(
        user=user, film=film("The Good, the Bad and the Ugly", 1966)
    ).exists()
    assert DiaryEntry.objects.filter(
        user=user, film=film("When Harry Met Sally...", 1989)
    ).exists()
    assert DiaryEntry.objects.filter(user=user, film=film("Rope", 1948)).exists()
    # Latin-1: "Amélie" read right and matched.
    assert Rating.objects.get(user=user, film=film("Amélie", 2001)).value == 8
    assert batch.rows.get(title="Les Misérables").status == Status.UNMATCHED
    # Rejected, each with its reason.
    assert rows[("diary.csv", 5)].status == Status.REJECTED
    assert "2024-02-30" in rows[("diary.csv", 5)].reason
    assert "not 0.5 to 5" in rows[("diary.csv", 8)].reason
    assert rows[("diary.csv", 9)].reason == "No film title."
    assert rows[("diary.csv", 4)].status == Status.UNMATCHED
    total_lines = 9 + 2  # diary rows + Latin-1 ratings rows (the review joined)
    assert batch.rows.count() == total_lines


def test_an_older_list_export_starting_with_a_blank_line():
    make_catalogue()
    user = make_user()
    path = LETTERBOXD / "patrickmjones" / "lists" / "zatoichi.csv"
    import_letterboxd(user, path.read_bytes(), filename="lists/zatoichi.csv")
    zatoichi = FilmList.objects.get(owner=user)
    assert zatoichi.title == "Zatoichi"
    assert [item.film.year for item in zatoichi.items.all()] == [2003]
    assert zatoichi.items.get().position == 3


def test_a_file_that_is_no_export_is_refused_with_a_sentence():
    user = make_user()
    with pytest.raises(ExportFormatError, match="No film"):
        import_letterboxd(user, b"hello,world\n1,2\n", filename="x.csv")
    with pytest.raises(ExportFormatError, match="not an IMDb export"):
        services.history_import(
            user=user, source="imdb", filename="x.csv", raw=b"a,b\n1,2\n"
        )
    with pytest.raises(ExportFormatError, match="zip cannot be read"):
        import_letterboxd(user, b"PK\x03\x04broken" + b"\0" * 40, filename="x.zip")
    assert not ImportBatch.objects.exists()


def test_an_interrupted_import_leaves_nothing_half_written():
    make_catalogue()
    user = make_user()
    real_apply = HistoryWriter.apply
    calls = {"n": 0}

    def failing_apply(self, row):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("power cut")
        real_apply(self, row)

    with (
        mock.patch.object(HistoryWriter, "apply", failing_apply),
        pytest.raises(RuntimeError),
    ):
        import_letterboxd(user, zip_folder(LETTERBOXD / "extratone"))
    assert not ImportBatch.objects.exists()
    assert not Rating.objects.exists()
    assert not DiaryEntry.objects.exists()
    assert not RatingSummary.objects.filter(count__gt=0).exists()
    # Cut while writing: ratings, watched films and diary entries are written
    # before the reviews.
    with (
        mock.patch.object(Review.objects, "bulk_create", side_effect=OSError("disk")),
        pytest.raises(OSError, match="disk"),
    ):
        import_letterboxd(user, zip_folder(LETTERBOXD / "extratone"))
    assert not ImportBatch.objects.exists()
    assert not Rating.objects.exists()
    assert not DiaryEntry.objects.exists()
    assert not WatchedFilm.objects.exists()


def test_rating_counters_stay_exact():
    make_catalogue()
    network = film("Network", 1976)
    first, second = make_user(), make_user()
    Rating.objects.create(user=second, film=network, value=4)
    Rating.objects.create(user=first, film=film("Drive", 2011), value=3)
    RatingSummary.objects.create(film=network, count=1, total=4, bucket_4=1)
    RatingSummary.objects.create(film=film("Drive", 2011), count=1, total=3, bucket_3=1)
    import_letterboxd(first, zip_folder(LETTERBOXD / "extratone"))
    import_letterboxd(second, zip_folder(LETTERBOXD / "extratone"))  # 4 → 10
    import_letterboxd(second, zip_folder(LETTERBOXD / "messy"), filename="m.zip")
    summary = RatingSummary.objects.get(film=network)
    assert (summary.count, summary.total, summary.bucket_10, summary.bucket_4) == (
        2,
        20,
        2,
        0,
    )
    for summary in RatingSummary.objects.all():
        values = list(
            Rating.objects.filter(film_id=summary.film_id).values_list(
                "value", flat=True
            )
        )
        assert summary.count == len(values)
        assert summary.total == sum(values)
        assert summary.histogram() == [values.count(n) for n in range(1, 11)]


def test_retry_unmatched_matches_rows_once_the_catalogue_has_the_film():
    make_catalogue()
    user = make_user()
    batch = import_letterboxd(user, zip_folder(LETTERBOXD / "extratone")).batch
    assert batch.rows.filter(title="Summer with Monika", status="unmatched").exists()
    monika = make_film(title="Sommaren med Monika", year=1953)
    assert services.retry_unmatched(user=user) == 0
    monika.original_title = "Summer with Monika"
    monika.save()
    assert services.retry_unmatched() == 2  # watched.csv and diary.csv
    assert DiaryEntry.objects.filter(user=user, film=monika).count() == 1
    assert not batch.rows.filter(
        title="Summer with Monika", status="unmatched"
    ).exists()


# --- IMDb ---------------------------------------------------------------------------


def test_imdb_ratings_before_2017_with_you_rated_and_long_dates():
    make_catalogue()
    user = make_user()
    batch = import_imdb(user, "v1_you_rated.csv").batch
    assert Rating.objects.get(user=user, film=film("Focus", 2015)).value == 6
    # IMDb says 2012, the catalogue 2011: one year apart still matches.
    assert Rating.objects.get(user=user, film=film("The Cabin in the Woods", 2011))
    assert Rating.objects.get(user=user, film=film("Face/Off", 1997)).value == 7
    focus = batch.rows.get(title="Focus")
    assert focus.data["dated"] == "2015-03-01"
    series = batch.rows.get(title="Breaking Bad")
    assert series.status == Status.SKIPPED
    assert "TV Series" in series.reason


def test_imdb_ratings_2017_to_2023_match_on_the_imdb_id():
    make_catalogue()
    user = make_user()
    batch = import_imdb(user, "v2_date_rated.csv").batch
    shawshank = film("The Shawshank Redemption", 1994)
    assert Rating.objects.get(user=user, film=shawshank).value == 9
    assert batch.rows.get(title="Inception").film == film("Inception", 2010)
    assert batch.rows.get(title="Breaking Bad").status == Status.SKIPPED
    broken = batch.rows.get(title="Broken Row")
    assert broken.status == Status.REJECTED
    assert "1 to 10" in broken.reason


def test_imdb_date_added_in_us_dates():
    make_catalogue()
    user = make_user()
    batch = import_imdb(user, "v2_date_added_us_dates.csv").batch
    heat = batch.rows.get(title="Heat")
    assert heat.data["dated"] == "2019-03-14"
    assert heat.status == Status.MATCHED
    psycho = batch.rows.get(title="Psycho")
    assert psycho.status == Status.REJECTED
    assert "13/14/2019" in psycho.reason


def test_imdb_since_2024_with_original_title_and_a_byte_order_mark():
    make_catalogue()
    user = make_user()
    batch = import_imdb(user, "v3_original_title_bom.csv").batch
    assert Rating.objects.get(user=user, film=film("The Matrix", 1999)).value == 9
    assert batch.rows.get(title="Scream").status == Status.UNMATCHED
    assert batch.rows.get(title="Chernobyl").status == Status.SKIPPED
    assert batch.rows.get(title="Matrix").data["original_title"] == "The Matrix"


def test_imdb_latin1_file():
    make_catalogue()
    user = make_user()
    batch = import_imdb(user, "latin1_ratings.csv").batch
    amelie = batch.rows.get(imdb_id="tt0211915")
    assert amelie.title == "Le Fabuleux Destin d'Amélie Poulain"
    assert amelie.film == film("Amélie", 2001)
    assert batch.rows.get(imdb_id="tt0000001").title == "Café Société Perdu"


def test_imdb_watchlist_export_fills_the_watchlist():
    make_catalogue()
    user = make_user()
    import_imdb(user, "WATCHLIST.csv")
    assert list(
        WatchlistEntry.objects.filter(user=user).values_list("film__title", flat=True)
    ) == ["Pulp Fiction"]
    assert not Rating.objects.filter(user=user).exists()


def test_an_import_forgets_the_cached_pages_of_the_films_it_rated():
    from cinematheque.pages.cache import current_versions, film_key

    make_catalogue()
    network, heat = film("Network", 1976), film("Heat", 1995)
    keys = [film_key(network.pk), film_key(heat.pk)]
    before = current_versions(keys)
    raw = (LETTERBOXD / "extratone" / "ratings.csv").read_bytes()
    import_letterboxd(make_user(), raw, filename="ratings.csv")
    after = current_versions(keys)
    assert after[keys[0]] != before[keys[0]]  # rated in the file
    assert after[keys[1]] == before[keys[1]]  # not in the file


def test_a_zip_that_unpacks_to_more_than_an_export_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1000)
    raw = zip_folder(LETTERBOXD / "extratone")
    with pytest.raises(ExportFormatError, match="unpacks to more"):
        import_letterboxd(make_user(), raw)
    assert not ImportBatch.objects.exists()


def test_orphaned_entries_import_and_the_import_format_is_read():
    import io
    import zipfile

    make_catalogue()
    user = make_user()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "orphaned/diary.csv",
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
            "2020-01-02,Rope,1948,https://boxd.it/x1,4,,,2020-01-01\n",
        )
        archive.writestr(
            "from-another-site.csv",
            "Title,Year,LetterboxdURI,WatchedDate,Rating\n"
            "Vertigo,1958,,2021-05-06,4.5\n",
        )
        archive.writestr("profile.csv", "Date Joined,Username\n2019-10-03,someone\n")
    batch = import_letterboxd(user, buffer.getvalue()).batch
    assert DiaryEntry.objects.get(user=user, film=film("Rope", 1948)).rating == 8
    vertigo = DiaryEntry.objects.get(user=user, film=film("Vertigo", 1958))
    assert (vertigo.watched_on, vertigo.rating) == (datetime.date(2021, 5, 6), 9)
    assert batch.rows.get(file="profile.csv").status == Status.SKIPPED


def test_imdb_list_export_with_a_rating_column_becomes_a_list():
    make_catalogue()
    user = make_user()
    import_imdb(user, "ls012345678.csv")
    imported = FilmList.objects.get(owner=user)
    assert [(item.film.title, item.note) for item in imported.items.all()] == [
        ("Heat", "Michael Mann at his best"),
        ("The Shawshank Redemption", ""),
    ]
    assert not Rating.objects.filter(user=user).exists()


def test_imdb_files_in_a_zip():
    import io
    import zipfile

    make_catalogue()
    user = make_user()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("v2_date_rated.csv", "WATCHLIST.csv"):
            archive.writestr(f"imdb/{name}", (IMDB / name).read_bytes())
        archive.writestr("imdb/readme.txt", "not a CSV")
    batch = services.history_import(
        user=user, source="imdb", filename="imdb.zip", raw=buffer.getvalue()
    ).batch
    assert Rating.objects.filter(user=user).count() == 2
    assert WatchlistEntry.objects.filter(user=user).count() == 1
    assert batch.rows.get(file="imdb/readme.txt").status == Status.SKIPPED


def test_a_watched_film_leaves_the_watchlist():
    make_catalogue()
    user = make_user()
    network = film("Network", 1976)
    WatchlistEntry.objects.create(user=user, film=network)
    import_imdb(user, "WATCHLIST.csv")
    raw = (LETTERBOXD / "extratone" / "watched.csv").read_bytes()
    import_letterboxd(user, raw, filename="watched.csv")
    assert not WatchlistEntry.objects.filter(user=user, film=network).exists()
    # Pulp Fiction came from the IMDb watchlist, and watched.csv has it too.
    assert not WatchlistEntry.objects.filter(user=user).exists()
    # Watched and on the watchlist in one file: watched wins.
    other = make_user()
    import_letterboxd(other, zip_folder(LETTERBOXD / "extratone"))
    watched = set(
        WatchedFilm.objects.filter(user=other).values_list("film_id", flat=True)
    )
    listed = set(
        WatchlistEntry.objects.filter(user=other).values_list("film_id", flat=True)
    )
    assert not watched & listed
    assert listed  # the watchlist's unwatched films stay


def test_an_import_forgets_the_cached_pages_of_the_films_it_reviewed():
    from cinematheque.pages.cache import current_versions, film_key

    make_catalogue()
    user = make_user()
    spectre = film("Spectre", 2015)
    Rating.objects.create(user=user, film=spectre, value=6)  # as in reviews.csv
    key = film_key(spectre.pk)
    before = current_versions([key])
    raw = (LETTERBOXD / "extratone" / "reviews.csv").read_bytes()
    import_letterboxd(user, raw, filename="reviews.csv")
    assert Review.objects.filter(user=user, film=spectre).exists()
    assert current_versions([key])[key] != before[key]

"""Real exports against the whole bundled open catalogue (17,472 films, 1940-2014)."""

from __future__ import annotations

import pytest

from cinematheque.members.imports import services
from cinematheque.members.models import Rating
from tests.factories import make_user
from tests.members.history import IMDB, LETTERBOXD, zip_folder

pytestmark = pytest.mark.bundled


def test_a_real_letterboxd_export_matches_the_bundled_catalogue(bundled_catalogue, db):
    user = make_user()
    batch = services.history_import(
        user=user,
        source="letterboxd",
        filename="export.zip",
        raw=zip_folder(LETTERBOXD / "extratone"),
    ).batch
    matched = {
        (row.title, row.film.title, row.film.year)
        for row in batch.rows.filter(status="matched").select_related("film")
    }
    assert ("Christine", "Christine", 1983) in matched
    assert ("Hit & Run", "Hit and Run", 2012) in matched
    assert ("Amélie", "Amélie", 2001) in matched
    # King Kong 1976 and 2005 are a year apart from nothing: the 2005 one only.
    assert ("King Kong", "King Kong", 2005) in matched
    # Films after 2014 are not in the bundled table: kept as unmatched.
    assert batch.rows.filter(title="Spectre", status="unmatched").exists()
    assert not batch.rows.filter(status="rejected").exists()
    assert Rating.objects.get(user=user, film__imdb_id="tt0085333").value == 10


def test_imdb_ratings_match_the_bundled_catalogue_by_id(bundled_catalogue, db):
    user = make_user()
    for name in ("v1_you_rated.csv", "v2_date_rated.csv"):
        services.history_import(
            user=user,
            source="imdb",
            filename=name,
            raw=(IMDB / name).read_bytes(),
        )
    rated = dict(Rating.objects.filter(user=user).values_list("film__imdb_id", "value"))
    assert rated["tt1375666"] == 9  # Inception, by its id
    assert rated["tt0111161"] == 9  # The Shawshank Redemption
    assert rated["tt1259521"] == 6  # The Cabin in the Woods

"""Public GETs are cacheable for a minute and revalidate with ETag / If-None-Match."""

from __future__ import annotations

import pytest


@pytest.fixture
def urls(heat) -> list[str]:
    return [
        "/api/v1/films",
        f"/api/v1/films/{heat.film.pk}",
        "/api/v1/films/by-slug/heat-1995",
        f"/api/v1/people/{heat.pacino.pk}",
        "/api/v1/people/by-slug/al-pacino",
    ]


def test_successful_reads_are_publicly_cacheable_with_an_etag(client, urls):
    for url in urls:
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=10", url
        assert response["ETag"].startswith('"'), url


def test_matching_if_none_match_gives_a_bodiless_304(client, urls):
    for url in urls:
        etag = client.get(url)["ETag"]

        response = client.get(url, headers={"If-None-Match": etag})

        assert response.status_code == 304, url
        assert response.content == b""


def test_etag_changes_when_the_data_changes(client, heat):
    url = f"/api/v1/films/{heat.film.pk}"
    before = client.get(url)["ETag"]
    heat.film.runtime = 171
    heat.film.save(update_fields=["runtime"])

    response = client.get(url, headers={"If-None-Match": before})

    assert response.status_code == 200
    assert response["ETag"] != before
    assert response.json()["runtime"] == 171


@pytest.mark.parametrize("url", ["/api/v1/films?limit=0", "/api/v1/films/424242"])
def test_errors_are_not_marked_cacheable(client, db, url):
    response = client.get(url)

    assert response.status_code in {400, 404}
    assert not response.has_header("Cache-Control")
    assert not response.has_header("ETag")

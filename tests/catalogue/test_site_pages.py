import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinematheque.catalogue import sitemaps
from cinematheque.pages.sitemaps import SITEMAPS
from tests import factories
from tests.catalogue.html import page_text

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(text: str | bytes) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - the site's own output, not untrusted input


def locations(xml: bytes) -> list[str]:
    return [node.text for node in parse_xml(xml).iter(f"{SITEMAP}loc")]


def test_sitemap_index_lists_each_section_page(client, sample, monkeypatch):
    monkeypatch.setattr(sitemaps.FilmSitemap, "limit", 2)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert parse_xml(response.content).tag == f"{SITEMAP}sitemapindex"
    listed = locations(response.content)
    expected = [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-genres.xml",
        "http://testserver/sitemap-films.xml",
        "http://testserver/sitemap-films.xml?p=2",
        "http://testserver/sitemap-people.xml",
    ]
    # Other apps may add sections of their own after these.
    assert listed[: len(expected)] == expected


def test_sitemap_index_reads_counts_not_every_row(
    client, sample, django_assert_max_num_queries
):
    for _ in range(30):
        factories.make_film()
    # one count and one latest-change query per section at most
    with django_assert_max_num_queries(2 * 6):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "<lastmod>" in response.content.decode()


def test_sitemap_index_reads_no_film_or_person_row(client, sample):
    # At a million films and three million people, reading every row for the
    # index's "last change" took 158 s.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    reading_rows = [
        query["sql"]
        for query in queries.captured_queries
        if re.search(r'SELECT\s+"(catalogue_film|people_person)"\."', query["sql"])
    ]
    assert reading_rows == []


def test_sitemap_pages_are_cached(client, sample):
    for url in ("/sitemap.xml", "/sitemap-films.xml"):
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
        assert "public" in client.get(url)["Cache-Control"]


def test_sitemap_sections_list_films_people_and_genres(client, sample):
    films = locations(client.get("/sitemap-films.xml").content)
    assert "http://testserver/films/heat-1995/" in films
    assert len(films) == 4
    people = locations(client.get("/sitemap-people.xml").content)
    assert "http://testserver/people/al-pacino/" in people
    genres = locations(client.get("/sitemap-genres.xml").content)
    assert "http://testserver/genres/crime/" in genres
    pages = locations(client.get("/sitemap-pages.xml").content)
    assert pages == [
        "http://testserver/",
        "http://testserver/films/",
        "http://testserver/genres/",
        "http://testserver/about/",
    ]


def test_sitemaps_use_site_url_when_set(client, sample, settings):
    settings.SITE_URL = "https://films.example.org"
    index = locations(client.get("/sitemap.xml").content)
    assert index[0] == "https://films.example.org/sitemap-pages.xml"
    films = locations(client.get("/sitemap-films.xml").content)
    assert "https://films.example.org/films/heat-1995/" in films
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://films.example.org/sitemap.xml" in robots


def test_sitemap_sections_stay_under_the_protocol_limit():
    for section in SITEMAPS.values():
        assert section.limit <= 50_000


def test_unknown_sitemap_section_is_a_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-films.xml?p=99").status_code == 404


def test_robots_txt_allows_all_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_404_page_helps_the_reader_on(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "404.html" in [
        template.origin.template_name for template in response.templates
    ]
    html = response.content.decode()
    assert "This page isn\u2019t in the catalogue" in page_text(html)
    assert 'href="/films/"' in html
    assert 'href="/"' in html


def test_500_page_is_self_contained(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert 'href="/films/"' in html
    assert "{%" not in html


def test_about_page_lists_every_source_with_licence_and_counts(client, sample):
    factories.make_source(
        key="tmdb",
        name="TMDB",
        licence="TMDB API terms",
        attribution="This product uses the TMDB API but is not endorsed by TMDB.",
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert "Licence: CC0 1.0" in text
    assert "Attribution: Wikidata contributors, CC0" in text
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in html
    assert "Licence: TMDB API terms" in text
    assert 'id="source-wikidata"' in html
    assert re.search(r"Films\s*4\b", text)
    assert "People 7" in text
    assert "2 films" in text  # Heat and L.A. Takedown come from Wikidata


def test_about_page_is_the_shell_with_the_catalogues_sections(client, sample):
    from cinematheque.pages.registry import sections_of

    response = client.get("/about/")
    assert response.templates[0].origin.template_name == "pages/about.html"
    assert [section.name for section in sections_of("about", slot="main")][:2] == [
        "counts",
        "sources",
    ]
    text = page_text(response.content.decode())
    assert text.index("About") < text.index("Films 4") < text.index("Data sources")


def test_footer_links_to_the_attribution_page(client, db):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/about/"' in footer


def test_film_sitemap_pages_are_ranges_of_ids_of_at_most_the_limit(
    client, db, monkeypatch
):
    monkeypatch.setattr(sitemaps.FilmSitemap, "limit", 3)
    films = [factories.make_film() for _ in range(7)]
    films[4].delete()  # a gap in the ids makes a page shorter, never longer

    pages = [
        locations(client.get("/sitemap-films.xml", {"p": number}).content)
        for number in (1, 2, 3)
    ]

    expected = [f"http://testserver/films/{film.slug}/" for film in films]
    assert pages == [expected[0:3], [expected[3], expected[5]], expected[6:7]]
    assert client.get("/sitemap-films.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-films.xml", {"p": "x"}).status_code == 404


def test_a_deep_sitemap_page_is_one_id_range_query(
    client, db, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(sitemaps.FilmSitemap, "limit", 2)
    for _ in range(9):
        factories.make_film()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-films.xml", {"p": 5})

    assert len(locations(response.content)) == 1
    page_sql = [q["sql"] for q in queries if "slug" in q["sql"] and "film" in q["sql"]]
    assert len(page_sql) == 1
    assert "OFFSET" not in page_sql[0].upper()

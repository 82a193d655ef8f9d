"""Every public page and API endpoint answers odd parameter values (Unicode digits,
signs, whitespace, exponents, NUL, very long strings) with a 400 and a message or a
sane 200, never a 5xx; API answers are JSON whatever happens."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from cinematheque.search.services import search_rebuild
from tests import factories

ODD_VALUES = [
    "\u00b2",  # superscript two: str.isdigit() is True, int() refuses it
    "\u00b9",
    "\u0663",  # Arabic-Indic three: int() accepts it
    "\uff11",  # full-width one
    "\u1369\u136a\u136b\u136c",  # Ethiopic 1234: isdigit(), and NFKD keeps it
    "heat \u1369\u136a\u136b\u136c",
    "-1",
    "+1",
    " 1",
    "1 ",
    "1e3",
    "1.5",
    "1_000",
    "0x10",
    "",
    "0" * 30,
    "9" * 30,
    "9" * 4000,
    "\x00",
    "%",
    "<script>",
    "x" * 3000,
    "1990s",
    "000000000",
]

# The parameters each URL reads; the others are sent all at once below.
PAGE_PARAMETERS = {
    "/films/": ["genre", "decade", "certification", "country", "sort", "page"],
    "/genres/crime/": ["decade", "certification", "country", "sort", "page"],
    "/search/": ["q", "type", "genre", "decade", "page"],
    "/search/suggest/": ["q"],
    "/collections/": ["page"],
    "/sitemap-films.xml": ["p"],
}
API_PARAMETERS = {
    "/api/v1/films": [
        "genre",
        "decade",
        "certification",
        "country",
        "sort",
        "limit",
        "offset",
    ],
    "/api/v1/search": ["q", "type", "genre", "decade", "limit", "offset"],
    "/api/v1/collections": ["limit", "offset"],
}
WITHOUT_PARAMETERS = [
    "/",
    "/films/heat-1995/",
    "/genres/",
    "/people/al-pacino/",
    "/about/",
    "/robots.txt",
    "/sitemap.xml",
    "/posters/heat-1995.svg",
    "/share/heat-1995.png",
    "/feeds/editorial.atom",
    "/api/v1/films/1",
    "/api/v1/films/by-slug/heat-1995",
    "/api/v1/films/1/similar",
    "/api/v1/people/1",
    "/api/v1/people/by-slug/al-pacino",
]
EVERY_PARAMETER = sorted(
    {name for names in PAGE_PARAMETERS.values() for name in names}
    | {name for names in API_PARAMETERS.values() for name in names}
    | {"year", "runtime"}
)
PATH_TEMPLATES = [
    "/films/{}/",
    "/genres/{}/",
    "/people/{}/",
    "/collections/{}/",
    "/posters/{}.svg",
    "/share/{}.png",
    "/api/v1/films/{}",
    "/api/v1/films/{}/similar",
    "/api/v1/films/by-slug/{}",
    "/api/v1/people/{}",
    "/api/v1/people/by-slug/{}",
    "/api/v1/collections/{}",
]


@pytest.fixture
def catalogue(db) -> None:
    crime = factories.make_genre("Crime")
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    heat.genres.add(crime)
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino")
    factories.make_credit(film=heat, person=pacino)
    search_rebuild()


@pytest.fixture
def client(client):
    """Report a 500 as a response instead of raising the view's exception."""
    client.raise_request_exception = False
    return client


def _failures(client, url: str, queries: list[dict[str, str]]) -> list[str]:
    failures = []
    for query in queries:
        response = client.get(f"{url}?{urlencode(query)}")
        if response.status_code >= 500:
            failures.append(f"{url} {query!r:.80} -> {response.status_code}")
        elif url.startswith("/api/") and not response["Content-Type"].startswith(
            "application/json"
        ):
            failures.append(f"{url} {query!r:.80} -> {response['Content-Type']}")
    return failures


@pytest.mark.parametrize(
    ("url", "parameter"),
    [(url, name) for url, names in PAGE_PARAMETERS.items() for name in names]
    + [(url, name) for url, names in API_PARAMETERS.items() for name in names],
)
def test_odd_values_of_a_parameter_never_give_a_5xx(client, catalogue, url, parameter):
    queries = [{parameter: value} for value in ODD_VALUES]
    assert _failures(client, url, queries) == []


@pytest.mark.parametrize(
    "url", list(PAGE_PARAMETERS) + list(API_PARAMETERS) + WITHOUT_PARAMETERS
)
def test_every_parameter_at_once_never_gives_a_5xx(client, catalogue, url):
    queries = [dict.fromkeys(EVERY_PARAMETER, value) for value in ODD_VALUES]
    assert _failures(client, url, queries) == []


@pytest.mark.parametrize("template", PATH_TEMPLATES)
def test_odd_path_segments_never_give_a_5xx(client, catalogue, template):
    failures = []
    for value in ODD_VALUES:
        response = client.get(template.format(quote(value, safe="")))
        if response.status_code >= 500:
            failures.append(f"{template} {value!r:.40} -> {response.status_code}")
    assert failures == []


def test_odd_bytes_in_the_query_string_never_give_a_5xx(client, catalogue):
    # Not UTF-8, a lone surrogate, a truncated escape, repeated names.
    raw = ["%FF", "%ED%A0%80", "%E2%82", "%", "%%", "page=1&page=2", "=&=&"]
    failures = []
    for url in [*PAGE_PARAMETERS, *API_PARAMETERS]:
        for name in ["page", "decade", "limit", "sort"]:
            for value in raw:
                response = client.get(f"{url}?{name}={value}")
                if response.status_code >= 500:
                    failures.append(f"{url} {name}={value} -> {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("url", [*PAGE_PARAMETERS, *API_PARAMETERS])
def test_too_many_parameters_is_a_400(client, catalogue, url):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields.
    response = client.get(f"{url}?{'a=&' * 1001}")

    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["status"] == 400

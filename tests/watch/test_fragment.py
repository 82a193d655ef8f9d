"""The offers reach the film page as a region-keyed fragment, never inside the page
everyone shares: its states, its caching, the switcher and the no-JS page."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from cinematheque.watch.models import MemberService
from tests import factories
from tests.watch.conftest import providers_answer, store_offers

pytestmark = pytest.mark.django_db


def fragment(client: Client, film, region: str | None = "DE", **headers):
    url = f"/watch/films/{film.slug}/offers/"
    if region is not None:
        url += f"?region={region}"
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response


def text(response) -> str:
    from tests.catalogue.html import page_text

    return page_text("<body>" + response.content.decode())


def test_fragment_shows_the_regions_groups_logos_links_and_attribution(
    client, watch_sample
):
    response = fragment(client, watch_sample.avengers, "DE")
    html = response.content.decode()

    words = text(response)
    assert words.index("Stream") < words.index("Disney Plus") < words.index("Rent")
    assert words.index("Rent") < words.index("Buy")
    assert (
        'src="https://image.tmdb.org/t/p/w92/7rwgEs15tFwyR9NPQ5vpzxTj19Q.jpg"' in html
    )
    assert 'loading="lazy"' in html
    assert (
        'href="https://www.themoviedb.org/movie/299536-avengers-infinity-war/'
        'watch?locale=DE"' in html
    )
    assert "Data by JustWatch" in words
    assert "Data fetched 28 November 2026." in words
    assert '<option value="DE" selected>Germany</option>' in html


def test_fragment_says_not_available_in_the_region_as_of_the_fetch(
    client, watch_sample
):
    words = text(fragment(client, watch_sample.avengers, "FR"))

    assert "Not available to stream in France as of 28 November 2026." in words
    assert "Data fetched 28 November 2026." in words


def test_fragment_of_a_region_with_only_purchases_says_it_cannot_stream(
    client, watch_sample
):
    words = text(fragment(client, watch_sample.avengers, "CY"))

    assert "Not available to stream in Cyprus as of 28 November 2026." in words
    assert "Buy Apple TV" in words


def test_fragment_of_a_film_never_fetched_says_so(client, watch_sample):
    words = text(fragment(client, watch_sample.unfetched, "FR"))

    assert "Where-to-watch data not fetched yet." in words
    assert "Data by JustWatch" not in words


def test_fragment_of_a_film_without_tmdb_id_says_there_is_no_link(client, watch_sample):
    words = text(fragment(client, watch_sample.untied, "FR"))

    assert "No where-to-watch data for this film (no TMDB link)." in words


def test_provider_names_are_escaped(client, watch_sample):
    answer = {
        "results": {
            "FR": {
                "link": "https://www.themoviedb.org/movie/1/watch?locale=FR",
                "flatrate": [
                    {
                        "provider_id": 9,
                        "provider_name": '<img src=x onerror="alert(1)">Ciné+',
                        "logo_path": "/a.jpg",
                        "display_priority": 1,
                    }
                ],
            }
        }
    }
    store_offers(watch_sample.unfetched, answer)

    html = fragment(client, watch_sample.unfetched, "FR").content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Ciné+" in html


def test_bad_region_is_a_clear_400(client, watch_sample):
    for bad in ("France", "ZZ", "", "<b>"):
        response = client.get(
            f"/watch/films/{watch_sample.avengers.slug}/offers/?region={bad}"
        )
        assert response.status_code == 400
        assert b"two-letter ISO 3166-1" in response.content


def test_unknown_film_is_404(client, db):
    assert client.get("/watch/films/no-such-film/offers/?region=FR").status_code == 404


def test_regions_fragment_is_public_and_sets_no_cookie(client, watch_sample):
    response = fragment(client, watch_sample.avengers, "DE")

    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]
    assert not response.cookies


def test_fragment_without_region_resolves_it_for_this_browser_only(
    client, watch_sample
):
    response = fragment(
        client, watch_sample.avengers, None, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"
    )

    assert 'data-watch-region="DE"' in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


def test_fragment_is_cached_per_region_and_forgotten_when_offers_are_reimported(
    client, watch_sample, django_assert_num_queries
):
    film = watch_sample.avengers
    fragment(client, film, "DE")
    with django_assert_num_queries(1):  # the film by its slug; the HTML is cached
        again = fragment(client, film, "DE")
    assert "Disney Plus" in again.content.decode()

    answer = providers_answer()
    answer["results"]["DE"]["flatrate"][0]["provider_name"] = "Disney+"
    later = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    store_offers(film, answer, fetched_at=later)

    words = text(fragment(client, film, "DE"))
    assert "Disney+" in words
    assert "Data fetched 1 December 2026." in words


def test_a_new_fetch_time_alone_reaches_the_fragment(client, watch_sample):
    film = watch_sample.avengers
    fragment(client, film, "FR")
    later = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)

    changed = store_offers(film, providers_answer(), fetched_at=later)

    assert not changed
    words = text(fragment(client, film, "FR"))
    assert "Not available to stream in France as of 2 December 2026." in words


def test_members_fragment_puts_their_services_first_and_is_private(watch_sample):
    member = factories.make_user()
    MemberService.objects.create(user=member, provider_id="192", provider="YouTube")
    client = Client()
    client.force_login(member)

    response = fragment(client, watch_sample.avengers, "DE")
    html = response.content.decode()

    assert "private" in response["Cache-Control"]
    rent = html.split('data-kind="rent"', 1)[1].split("</ul>", 1)[0]
    assert rent.index("YouTube") < rent.index("Apple TV")
    assert "watch-offer--mine" in rent
    assert "Your service" in rent
    # The visitors' fragment of the same region is not the member's.
    assert (
        "Your service"
        not in fragment(Client(), watch_sample.avengers, "DE").content.decode()
    )


def test_shared_film_page_holds_no_offers_only_the_placeholder(client, watch_sample):
    film = watch_sample.avengers
    response = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de-DE")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-watch-where="/watch/films/avengers-infinity-war-2018/offers/"' in html
    assert "Disney Plus" not in html
    assert "Data by JustWatch" not in html
    assert 'href="/watch/films/avengers-infinity-war-2018/"' in html  # <noscript>
    assert "No streaming information yet." not in html
    # One copy for every region: a French browser gets the German one's bytes.
    french = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert french["X-Cache"] == "HIT"
    assert french.content == response.content


def test_personal_fields_name_the_visitors_region(client, watch_sample):
    client.cookies["watch_region"] = "CA"

    response = client.get(f"/personal/films/{watch_sample.avengers.slug}/")

    assert response.json()["fields"]["watch_region"] == "CA"


def test_personal_region_follows_the_languages_without_a_cookie(client, watch_sample):
    response = client.get(
        f"/personal/films/{watch_sample.avengers.slug}/", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.json()["fields"]["watch_region"] == "FR"


def test_choosing_a_region_sets_the_cookie_and_goes_back(watch_sample):
    client = Client(enforce_csrf_checks=False)
    back = f"/watch/films/{watch_sample.avengers.slug}/"

    response = client.post("/watch/region/", {"region": "be", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert response.cookies["watch_region"].value == "BE"
    assert response.cookies["watch_region"]["samesite"] == "Lax"


def test_choosing_a_region_never_redirects_off_site(watch_sample):
    response = Client().post(
        "/watch/region/", {"region": "BE", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_choosing_a_region_saves_it_to_a_members_account(watch_sample):
    member = factories.make_user(region="")
    client = Client()
    client.force_login(member)

    response = client.post(
        "/watch/region/", {"region": "DE"}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"region": "DE", "name": "Germany", "saved": True}
    member.refresh_from_db()
    assert member.region == "DE"


def test_choosing_a_region_that_is_not_one_changes_nothing(watch_sample):
    response = Client().post(
        "/watch/region/", {"region": "Narnia"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400
    assert "region" in response.json()["errors"]
    assert "watch_region" not in response.cookies


def test_choosing_a_region_needs_the_csrf_token(watch_sample):
    client = Client(enforce_csrf_checks=True)

    assert client.post("/watch/region/", {"region": "DE"}).status_code == 403


def test_no_js_page_has_the_offers_and_a_working_form(watch_sample):
    client = Client(enforce_csrf_checks=True)
    page = client.get(
        f"/watch/films/{watch_sample.avengers.slug}/", HTTP_ACCEPT_LANGUAGE="fr-FR"
    )
    html = page.content.decode()

    assert "Where to watch Avengers: Infinity War (2018)" in html
    assert "Not available to stream in France" in html
    form = html.split("data-watch-region-form", 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    chosen = client.post(
        "/watch/region/",
        {
            "region": "DE",
            "next": f"/watch/films/{watch_sample.avengers.slug}/",
            "csrfmiddlewaretoken": token,
        },
    )
    assert chosen.status_code == 302
    again = client.get(chosen["Location"]).content.decode()
    assert "Disney Plus" in again
    assert '<option value="DE" selected>Germany</option>' in again


def test_offer_without_logo_or_link_shows_its_initial_and_no_empty_link(
    client, watch_sample
):
    answer = {
        "results": {
            "FR": {
                "flatrate": [
                    {"provider_id": 5, "provider_name": "Arte", "logo_path": ""}
                ]
            }
        }
    }
    store_offers(watch_sample.unfetched, answer)

    html = fragment(client, watch_sample.unfetched, "FR").content.decode()

    assert 'href=""' not in html
    assert 'watch-offer__logo--none" aria-hidden="true">A</span>' in html
    assert "Arte" in html


def test_choosing_a_region_is_rate_limited(watch_sample, monkeypatch):
    from cinematheque.members import ratelimit

    # The limiter's clock stands still mid-window (as tests/members' frozen_window).
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_030.0))
    member = factories.make_user(region="")
    client = Client()
    client.force_login(member)
    for _ in range(30):
        assert client.post("/watch/region/", {"region": "DE"}).status_code == 302
    response = client.post("/watch/region/", {"region": "FR"})
    assert response.status_code == 429
    member.refresh_from_db()
    assert member.region == "DE"

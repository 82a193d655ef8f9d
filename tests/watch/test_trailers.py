"""Trailers and teasers on the film page: their order and groups, and facades that
ask nothing of YouTube or Vimeo before the click."""

from __future__ import annotations

import datetime
import re

import pytest

from cinematheque.catalogue.models import Video
from cinematheque.watch.trailers.arrangement import (
    arrange_videos,
    embed_url,
    language_name,
    preferred_languages,
    watch_url,
)
from tests import factories
from tests.catalogue.html import element_text


def video(
    key: str,
    kind: str = Video.Kind.TRAILER,
    *,
    language: str = "en",
    official: bool = True,
    day: int | None = 1,
    name: str = "",
    site: str = Video.Site.YOUTUBE,
) -> Video:
    published = datetime.datetime(2020, 1, day, tzinfo=datetime.UTC) if day else None
    return Video(
        kind=kind,
        site=site,
        key=key,
        name=name or key,
        language=language,
        official=official,
        published_at=published,
    )


def keys(groups) -> list[list[str]]:
    return [[facade.video.key for facade in group.facades] for group in groups]


ENGLISH_THEN_FRENCH = ["en", "fr"]


def test_the_official_trailer_in_the_first_language_leads():
    groups = arrange_videos(
        [
            video("fr-official", language="fr"),
            video("en-fan", official=False, day=9),
            video("en-official", day=2),
            video("de-official", language="de", day=20),
        ],
        languages=ENGLISH_THEN_FRENCH,
    )

    assert keys(groups) == [["en-official", "fr-official", "de-official", "en-fan"]]


def test_without_an_english_official_trailer_the_original_language_leads():
    groups = arrange_videos(
        [
            video("en-fan", official=False),
            video("de-official", language="de"),
            video("fr-official", language="fr"),
        ],
        languages=ENGLISH_THEN_FRENCH,
    )

    assert keys(groups)[0][0] == "fr-official"


def test_an_official_trailer_in_any_language_leads_over_an_unofficial_one():
    groups = arrange_videos(
        [video("en-fan", official=False), video("ja-official", language="ja")],
        languages=ENGLISH_THEN_FRENCH,
    )

    assert keys(groups) == [["ja-official", "en-fan"]]


def test_among_equals_the_newest_comes_first_and_undated_ones_last():
    groups = arrange_videos(
        [video("old", day=1), video("undated", day=None), video("new", day=28)],
        languages=["en"],
    )

    assert keys(groups) == [["new", "old", "undated"]]


def test_groups_follow_trailers_teasers_then_the_other_kinds_with_headings():
    groups = arrange_videos(
        [
            video("blooper", Video.Kind.BLOOPERS),
            video("clip", Video.Kind.CLIP),
            video("teaser", Video.Kind.TEASER),
            video("bts", Video.Kind.BEHIND_THE_SCENES),
            video("trailer", Video.Kind.TRAILER),
            video("featurette", Video.Kind.FEATURETTE),
        ],
        languages=["en"],
    )

    assert [(group.heading, group.open) for group in groups] == [
        ("Trailers", True),
        ("Teasers", True),
        ("Clips", False),
        ("Featurettes", False),
        ("Behind the scenes", False),
        ("Bloopers", False),
    ]


def test_a_film_with_only_clips_shows_its_first_group_open():
    groups = arrange_videos(
        [video("bts", Video.Kind.BEHIND_THE_SCENES), video("c", Video.Kind.CLIP)],
        languages=["en"],
    )

    assert [(group.heading, group.open) for group in groups] == [
        ("Clips", True),
        ("Behind the scenes", False),
    ]


def test_players_are_the_privacy_friendly_ones_and_keys_are_escaped():
    youtube = video("abc_-12")
    vimeo = video("76979871", site=Video.Site.VIMEO)
    odd = video("a/b?c")

    assert embed_url(youtube) == (
        "https://www.youtube-nocookie.com/embed/abc_-12?autoplay=1"
    )
    assert (
        embed_url(vimeo) == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )
    assert watch_url(youtube) == "https://www.youtube.com/watch?v=abc_-12"
    assert watch_url(vimeo) == "https://vimeo.com/76979871"
    assert (
        embed_url(odd) == "https://www.youtube-nocookie.com/embed/a%2Fb%3Fc?autoplay=1"
    )


def test_languages_are_named_and_preferences_deduplicated():
    assert language_name("de") == "German"
    assert language_name("xx") == "xx"
    assert language_name("") == ""
    assert preferred_languages("en-us", "EN", "", "fr") == ["en", "fr"]


# -- the section on the film page -------------------------------------------------


EXTERNAL_HOSTS = ("youtube", "youtu.be", "vimeo", "ytimg", "googlevideo")


def film_html(client, film) -> str:
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def trailers_html(html: str) -> str:
    match = re.search(r'<section[^>]*id="trailers".*?</section>', html, re.S)
    assert match, "no trailers section"
    return match.group(0)


@pytest.fixture
def heat(db):
    film = factories.make_film(
        title="Heat",
        year=1995,
        slug="heat-1995",
        original_language="en",
        backdrop_path="/rfEXNlql4CafRmtgp2VFQrBC4sh.jpg",
    )
    factories.make_video(
        film=film,
        key="2GfZl4kuVNI",
        name="Official Trailer",
        language="en",
        official=True,
        published_at=datetime.datetime(2012, 5, 3, tzinfo=datetime.UTC),
    )
    factories.make_video(
        film=film,
        kind=Video.Kind.TEASER,
        key="teaser1",
        name="Teaser",
        language="de",
        official=False,
    )
    factories.make_video(
        film=film,
        kind=Video.Kind.BEHIND_THE_SCENES,
        site=Video.Site.VIMEO,
        key="76979871",
        name="On the set",
    )
    return film


@pytest.mark.django_db
def test_section_shows_groups_with_headings_and_each_videos_details(client, heat):
    text = element_text(film_html(client, heat), "trailers")

    assert text.startswith(
        "Trailers and teasers Trailers 1 Official Trailer Official "
        "Trailer · English · 3 May 2012 · on YouTube"
    )
    assert "Teasers 1 Teaser Teaser · German · on YouTube" in text
    assert "Behind the scenes 1 On the set Behind the scenes · on Vimeo" in text
    assert "on Vimeo" in text
    assert text.index("Trailers 1") < text.index("Teasers 1") < text.index("Behind")


@pytest.mark.django_db
def test_facades_name_no_video_host_outside_the_player_address_and_the_link(
    client, heat
):
    section = trailers_html(film_html(client, heat))

    assert "<iframe" not in section
    for img in re.findall(r"<img[^>]*>", section):
        assert not any(host in img for host in EXTERNAL_HOSTS), img
        assert 'src="https://image.tmdb.org/t/p/' in img
    # Every mention of a video site is a data-embed (the player, loaded on click)
    # or an href (the video's page, for a visitor without JavaScript).
    mentions = re.findall(r'(\S+)="([^"]*(?:youtube|vimeo)[^"]*)"', section)
    assert {attribute for attribute, _value in mentions} == {"href", "data-embed"}
    embeds = {value for attribute, value in mentions if attribute == "data-embed"}
    assert embeds == {
        "https://www.youtube-nocookie.com/embed/2GfZl4kuVNI?autoplay=1",
        "https://www.youtube-nocookie.com/embed/teaser1?autoplay=1",
        "https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1",
    }
    stripped = re.sub(r'(href|data-embed)="[^"]*"', "", section)
    assert not any(host in stripped for host in EXTERNAL_HOSTS)


@pytest.mark.django_db
def test_the_whole_page_loads_nothing_from_a_video_site(client, heat):
    html = film_html(client, heat)
    loaded = re.findall(r"<(?:img|script|iframe|link|source)\b[^>]*>", html)

    assert not [tag for tag in loaded if any(h in tag for h in EXTERNAL_HOSTS)]
    assert "watch/trailers.js" in html


@pytest.mark.django_db
def test_without_a_picture_the_facade_is_a_title_card(client):
    film = factories.make_film(title="Thief", year=1981)
    factories.make_video(film=film, key="abc123", name="Trailer")

    section = trailers_html(film_html(client, film))

    assert "<img" not in section
    assert '<span class="trailer__card-title">Thief (1981)</span>' in section


@pytest.mark.django_db
def test_a_film_without_videos_says_so(client):
    film = factories.make_film(title="Quiet", year=1990)

    html = film_html(client, film)
    section = trailers_html(html)

    assert element_text(section, "trailers") == (
        "Trailers and teasers No trailers or teasers yet."
    )
    assert "data-embed" not in section
    assert "watch/trailers.js" not in html


@pytest.mark.django_db
def test_video_names_are_escaped(client):
    film = factories.make_film(title="Odd", year=2001)
    factories.make_video(film=film, key="k1", name='<script>alert("x")</script>')

    section = trailers_html(film_html(client, film))

    assert "<script>alert" not in section
    assert "&lt;script&gt;" in section

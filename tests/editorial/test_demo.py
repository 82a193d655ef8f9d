"""The demo content loads once, is marked as demo, and is written in our own words."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from cinematheque.editorial import demo
from cinematheque.editorial.models import (
    PIECE_MODELS,
    Advisory,
    Claim,
    Collection,
    Complexity,
    Conflict,
    FaqEntry,
    FilmText,
)
from tests import factories

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture
def demo_films(db):
    films = {}
    for entry in demo.FILMS:
        title = entry["slug"].rsplit("-", 1)[0].replace("-", " ").title()
        films[entry["slug"]] = factories.make_film(
            title=title, slug=entry["slug"], wikidata_id=entry["wikidata"]
        )
    return films


def load() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_editorial_demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_demo_content_loads_published_for_ten_films_and_two_collections(demo_films):
    load()
    assert FilmText.objects.live().count() == 10
    for film in demo_films.values():
        assert FilmText.objects.live().get(film=film).tagline
        assert Complexity.objects.live().filter(film=film).exists()
        assert Advisory.objects.live().filter(film=film).exists()
        assert FaqEntry.objects.live().filter(film=film).count() == 3
        claims = Claim.objects.live().filter(film=film)
        assert claims.filter(citations__isnull=False).distinct().count() >= 3
    assert Collection.objects.live().count() == 2
    assert Conflict.objects.resolved().count() == 2
    assert Conflict.objects.open().count() == 1
    for model in PIECE_MODELS:
        assert not model.objects.filter(is_demo=False).exists()


def test_loading_the_demo_twice_creates_nothing_new(demo_films):
    load()
    counts = [model.objects.count() for model in (*PIECE_MODELS, Conflict)]
    out, _ = load()
    assert [model.objects.count() for model in (*PIECE_MODELS, Conflict)] == counts
    assert "nothing to do" in out


def test_demo_never_overwrites_an_editors_text(demo_films):
    heat = demo_films["heat-1995"]
    factories.make_film_text(film=heat, tagline="Our editor's own line.")
    load()
    text = FilmText.objects.get(film=heat)
    assert text.tagline == "Our editor's own line."
    assert not text.is_demo


def test_films_missing_from_the_catalogue_are_reported_and_skipped(db):
    factories.make_film(title="Heat", slug="heat-1995", wikidata_id="Q42198")
    _, err = load()
    assert "Skipped the-godfather-1972: not in the catalogue" in err
    assert FilmText.objects.count() == 1


def test_heat_demo_page_shows_the_resolved_conflicts(client, demo_films):
    load()
    page = client.get("/films/heat-1995/").content.decode()
    assert "Where sources disagree" in page
    assert "<strong>Hanna</strong>" in page
    assert "Demo content" in page
    assert 'claim-status--disputed">Disputed' in page


def _sentences(text: str) -> set[str]:
    return {
        " ".join(s.lower().split())
        for s in re.split(r"(?<=[.!?])\s+", text)
        if len(s.split()) >= 6
    }


def _demo_text() -> str:
    parts: list[str] = []
    for entry in demo.FILMS:
        parts += [
            entry["tagline"],
            entry["synopsis"],
            entry["analysis"],
            entry["spoilers"],
        ]
        parts += [answer for _, answer in entry["faq"]]
        parts += [claim["text"] for claim in entry["claims"]]
    for collection in demo.COLLECTIONS:
        parts.append(collection["introduction"])
        parts += [note for *_, note in collection["items"]]
    return "\n".join(parts)


@pytest.mark.skipif(
    not SEEDS.exists(), reason="the seed pages live beside the repository"
)
def test_demo_text_copies_no_sentence_from_the_seed_pages():
    seeds = set()
    for path in SEEDS.glob("*.txt"):
        seeds |= _sentences(path.read_text())
    assert seeds
    copied = _sentences(_demo_text()) & seeds
    assert not copied
    # nor any run of eight words
    seed_words = " ".join(" ".join(seeds).split())
    words = _demo_text().lower().split()
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 8)}
    assert not [run for run in runs if run in seed_words]


@pytest.mark.bundled
def test_demo_loads_on_the_bundled_catalogue_without_skipping_a_film(
    bundled_catalogue, client
):
    _, err = load()
    assert err == ""
    for entry in demo.FILMS:
        assert FilmText.objects.live().filter(film__slug=entry["slug"]).exists()
    page = client.get("/films/heat-1995/").content.decode()
    assert demo.FILMS[0]["tagline"] in page
    assert "Crime cinema: the essentials" in page
    load()  # idempotent on the real catalogue too
    assert FilmText.objects.count() == len(demo.FILMS)

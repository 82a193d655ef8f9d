"""The demo content loads once, is marked as demo, and is written in our own words."""

from __future__ import annotations

import io
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cinematheque.editorial import services
from cinematheque.editorial.demo import DemoDataError, demo_directory, demo_load
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
DEMO = demo_load()


@pytest.fixture
def demo_films(db):
    films = {}
    for entry in DEMO.films:
        title = entry.slug.rsplit("-", 1)[0].replace("-", " ").title()
        films[entry.slug] = factories.make_film(
            title=title, slug=entry.slug, wikidata_id=entry.wikidata
        )
    return films


def load(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_editorial_demo", *args, stdout=out, stderr=err)
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


def _demo_note(page: str) -> str:
    notes = re.findall(r'<p class="demo-note">(.*?)</p>', page, flags=re.S)
    assert len(notes) <= 1
    return notes[0] if notes else ""


def test_demo_label_follows_the_origin_of_each_published_piece(
    client, client_for, demo_films
):
    load()
    heat = demo_films["heat-1995"]
    text = FilmText.objects.get(film=heat)
    chief = client_for("chief")
    response = chief.post(
        reverse("admin:editorial_filmtext_change", args=[text.pk]),
        {
            "film": str(heat.pk),
            "tagline": "Our editor's own line about Heat.",
            "synopsis": "Our editor's own synopsis.",
            "analysis": "Our editor's own analysis.",
            "spoilers": "",
            "byline": "",
            "byline_expertise": "",
            "expected_version": str(text.version),
            "_publish": "Publish",
        },
    )
    assert response.status_code == 302
    page = client.get("/films/heat-1995/").content.decode()
    assert "Our editor&#39;s own line about Heat." in page
    note = _demo_note(page)
    assert "Demo content" in note
    assert "synopsis" not in note  # the editor's text is not called demo content
    assert "viewing complexity" in note
    assert "content advisory" in note
    assert "questions" in note
    assert "trivia" in note

    editor = factories.make_user(role="chief")
    for model in (Complexity, Advisory, FaqEntry, Claim):
        for piece in model.objects.filter(film=heat):
            piece.is_demo = False  # an editor's own version of each piece
            services.piece_save(piece=piece, author=editor)
            services.piece_publish(piece=piece, author=editor)
    page = client.get("/films/heat-1995/").content.decode()
    assert not _demo_note(page)
    assert "Demo content" not in page
    assert "Demo content" in _demo_note(
        client.get("/films/fargo-1996/").content.decode()
    )


def _sentences(text: str) -> set[str]:
    return {
        " ".join(s.lower().split())
        for s in re.split(r"(?<=[.!?])\s+", text)
        if len(s.split()) >= 6
    }


def _demo_text() -> str:
    parts: list[str] = []
    for entry in DEMO.films:
        parts += [entry.tagline, entry.synopsis, entry.analysis, entry.spoilers]
        parts += [faq.answer for faq in entry.faq]
        parts += [claim.text for claim in entry.claims]
    for collection in DEMO.collections:
        parts.append(collection.introduction)
        parts += [item.note for item in collection.items]
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
    for entry in DEMO.films:
        assert FilmText.objects.live().filter(film__slug=entry.slug).exists()
    page = client.get("/films/heat-1995/").content.decode()
    heat = next(entry for entry in DEMO.films if entry.slug == "heat-1995")
    assert heat.tagline in page
    assert "Crime cinema: the essentials" in page
    load()  # idempotent on the real catalogue too
    assert FilmText.objects.count() == len(DEMO.films)


# -- the data files -------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cinematheque"


def _copy_of_the_demo_files(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(Path(str(demo_directory())), target)
    return target


def _edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_broken_demo_file_stops_the_command_naming_file_and_field(
    demo_films, tmp_path
):
    directory = _copy_of_the_demo_files(tmp_path)
    _edit(
        directory,
        "films/heat-1995.md",
        'violence = { severity = "severe"',
        'violence = { severity = "extreme"',
    )
    with pytest.raises(
        CommandError,
        match=r"films/heat-1995\.md: field 'advisory\.violence\.severity' must be "
        r"one of none, mild, moderate, severe, not 'extreme'",
    ):
        load("--directory", str(directory))
    assert not FilmText.objects.exists()  # validated before anything is written


def test_demo_files_from_another_directory_are_loaded(demo_films, tmp_path):
    directory = _copy_of_the_demo_files(tmp_path)
    _edit(
        directory,
        "films/heat-1995.md",
        'tagline = "Two professionals',
        'tagline = "Our own demo: two professionals',
    )
    load("--directory", str(directory))
    assert FilmText.objects.get(film=demo_films["heat-1995"]).tagline.startswith(
        "Our own demo: two professionals"
    )


def test_a_missing_demo_directory_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="is not a folder of demo content files"):
        load("--directory", str(tmp_path / "nowhere"))


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "films/heat-1995.md",
            'tagline = "Two professionals',
            'taglin = "Two professionals',
            r"films/heat-1995\.md: field 'tagline' is missing \(is 'taglin' misspelt\?\)",
        ),
        (
            "films/fargo-1996.md",
            "minimum_age = 15",
            'minimum_age = "15"',
            r"films/fargo-1996\.md: field 'advisory\.minimum_age' must be a whole "
            r"number, not '15'",
        ),
        (
            "films/heat-1995.md",
            'kind = "trivia"',
            'kind = "gossip"',
            r"films/heat-1995\.md: field 'claims\[2\]\.kind' must be one of trivia, "
            r"production, not 'gossip'",
        ),
        (
            "films/heat-1995.md",
            'url = "https://en.wikipedia.org/wiki/L.A._Takedown"',
            'url = "en.wikipedia.org/wiki/L.A._Takedown"',
            r"films/heat-1995\.md: field 'claims\[2\]\.sources\[1\]\.url' must start "
            r"with https://",
        ),
        (
            "films/heat-1995.md",
            'claim_key = "first-together"',
            'claim_key = "first-togther"',
            r"films/heat-1995\.md: field 'conflicts\[2\]\.options\[1\]\.claim_key' "
            r"names 'first-togther'",
        ),
        (
            "films/heat-1995.md",
            'chosen = "Hanna"',
            'chosen = "Hana"',
            r"films/heat-1995\.md: field 'conflicts\[1\]\.resolve\.chosen' must be "
            r"the value of one of the options",
        ),
        (
            "films/alien-1979.md",
            "[complexity]\n",
            '[complexity]\ncolour = "grey"\n',
            r"films/alien-1979\.md: field 'complexity\.colour' is not a known field",
        ),
        (
            "films/alien-1979.md",
            "level = ",
            "level = 9 # ",
            r"films/alien-1979\.md: field 'complexity\.level' must be between 1 and 5",
        ),
        (
            "films/vertigo-1958.md",
            'slug = "vertigo-1958"',
            'slug = "vertigo"',
            r"films/vertigo-1958\.md: field 'slug' is 'vertigo', but the file is named",
        ),
        (
            "films/casablanca-1942.md",
            'tagline = "',
            'tagline = ""\nx = "',
            r"films/casablanca-1942\.md: field 'tagline' is empty",
        ),
        (
            "films/chinatown-1974.md",
            "[complexity]",
            "[complexity",
            r"films/chinatown-1974\.md: the front matter is not valid TOML",
        ),
        (
            "films/collateral-2004.md",
            "+++\n",
            "",
            r"films/collateral-2004\.md: the file must start with a '\+\+\+' line",
        ),
        (
            "films/pulp-fiction-1994.md",
            "# Synopsis",
            "# Summary",
            r"films/pulp-fiction-1994\.md: unknown section '# Summary'",
        ),
        (
            "films/pulp-fiction-1994.md",
            "# Analysis",
            "Analysis",
            r"films/pulp-fiction-1994\.md: section '# Analysis' is missing or empty",
        ),
        (
            "collections/first-classics.md",
            "featured = false",
            "featured = 0",
            r"collections/first-classics\.md: field 'featured' must be true or false",
        ),
        (
            "collections/first-classics.md",
            'wikidata = "Q132689"\n',
            "",
            r"collections/first-classics\.md: field 'items\[1\]\.wikidata' is missing",
        ),
    ],
)
def test_demo_files_are_validated_naming_file_and_field(
    tmp_path, name, old, new, message
):
    directory = _copy_of_the_demo_files(tmp_path)
    _edit(directory, name, old, new)
    with pytest.raises(DemoDataError, match=message):
        demo_load(directory)


def test_the_shipped_demo_files_hold_ten_films_two_collections_three_conflicts():
    assert len(DEMO.films) == 10
    assert len(DEMO.collections) == 2
    assert len(DEMO.conflicts) == 3
    heat = next(entry for entry in DEMO.films if entry.slug == "heat-1995")
    assert heat.synopsis.startswith("Neil McCauley runs")
    assert "\n\nHanna is as consumed" in heat.synopsis  # paragraphs kept
    assert not heat.spoilers.endswith("\n")


def test_every_demo_file_is_in_the_package_data():
    """The wheel ships only what pyproject's package-data names (checked by hand with
    `pip wheel .`: the films are missing from the wheel without the pattern)."""
    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["cinematheque"]
    packaged = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    data_files = {
        path
        for path in (PACKAGE / "editorial" / "demo").rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    }
    assert len(data_files) == 12
    assert data_files <= packaged


def test_demo_files_saved_by_windows_editors_load_the_same(tmp_path):
    directory = _copy_of_the_demo_files(tmp_path)
    path = directory / "films" / "heat-1995.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert demo_load(directory) == DEMO

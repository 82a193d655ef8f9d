"""The film's share card: a 1200x630 PNG at /share/<slug>.png for og:image, drawn from
the poster's inputs and cached in the data directory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cinematheque.catalogue import share_card
from cinematheque.catalogue.share_card import ShareCardInputs
from cinematheque.people.models import Credit
from tests import factories
from tests.catalogue.html import meta_content

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def cached_cards(data_dir: Path) -> list[str]:
    return sorted(path.name for path in (data_dir / "share-cards").glob("*"))


def inputs(**overrides) -> ShareCardInputs:
    arguments = {
        "slug": "heat-1995",
        "title": "Heat",
        "original_title": "",
        "year": 1995,
        "genre": "Crime",
        "directors": ("Michael Mann",),
    }
    return ShareCardInputs(**(arguments | overrides))


def image_of(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


@pytest.mark.django_db
def test_share_image_is_a_1200_by_630_png(client, sample):
    response = client.get("/share/heat-1995.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert image_of(response.content).size == (1200, 630)
    assert response["ETag"]
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_unknown_slug_is_404(client):
    assert client.get("/share/no-such-film.png").status_code == 404


@pytest.mark.django_db
def test_card_is_drawn_once_then_read_from_the_data_dir(
    client, sample, data_dir, monkeypatch
):
    first = client.get("/share/heat-1995.png").content
    assert cached_cards(data_dir) == [
        f"heat-1995.{share_card.share_card_inputs('heat-1995').fingerprint()}.png"
    ]

    def must_not_draw(_inputs):
        raise AssertionError("the cached card should have been served")

    monkeypatch.setattr(share_card, "render_share_card", must_not_draw)
    assert client.get("/share/heat-1995.png").content == first


@pytest.mark.django_db
def test_changed_title_draws_a_new_card_and_drops_the_old(client, sample, data_dir):
    first = client.get("/share/heat-1995.png").content
    [old_name] = cached_cards(data_dir)
    sample.heat.title = "Heat: Director's Cut"
    sample.heat.save()
    second = client.get("/share/heat-1995.png").content
    assert second != first
    assert len(cached_cards(data_dir)) == 1
    assert cached_cards(data_dir) != [old_name]


@pytest.mark.django_db
def test_new_director_changes_the_fingerprint(sample):
    before = share_card.share_card_inputs("heat-1995")
    factories.make_credit(
        film=sample.heat,
        person=factories.make_person(name="Second Director"),
        department=Credit.Department.DIRECTING,
        order=5,
    )
    after = share_card.share_card_inputs("heat-1995")
    assert after.directors == ("Michael Mann", "Second Director")
    assert after.fingerprint() != before.fingerprint()


@pytest.mark.django_db
def test_cards_of_two_slugs_with_a_common_prefix_stay_apart(data_dir):
    share_card.share_card_png(inputs(slug="heat-1995"))
    share_card.share_card_png(inputs(slug="heat-1995-2"))
    assert len(cached_cards(data_dir)) == 2


@pytest.mark.django_db
def test_read_only_data_dir_still_serves_the_card(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing" / "and-unwritable"
    (tmp_path / "missing").write_text("a file where a directory should be")
    png = share_card.share_card_png(inputs())
    assert png.startswith(PNG_SIGNATURE)


@pytest.mark.django_db
def test_film_page_head_points_to_the_png(client, sample):
    html = client.get("/films/heat-1995/").content.decode()
    assert meta_content(html, "property", "og:image") == (
        "http://testserver/share/heat-1995.png"
    )
    assert meta_content(html, "property", "og:image:type") == "image/png"
    assert meta_content(html, "property", "og:image:width") == "1200"
    assert meta_content(html, "property", "og:image:height") == "630"
    assert meta_content(html, "name", "twitter:card") == "summary_large_image"


def test_emoji_and_controls_are_left_out_of_the_drawn_title():
    assert share_card.drawable_text("Love 💘 Actually\u200f 🎄") == "Love Actually"


def test_accents_greek_and_cyrillic_are_drawn():
    title = "Amélie, Ζορμπάς, Иван"
    assert share_card.drawable_text(title) == title


def test_rtl_title_the_font_cannot_draw_falls_back_to_the_original_title():
    card = inputs(title="ואלס עם באשיר", original_title="Vals Im Bashir")
    assert share_card.card_title(card) == "Vals Im Bashir"


def test_title_with_no_drawable_letters_draws_no_boxes():
    card = inputs(title="ואלס עם באשיר 🎬", original_title="")
    assert share_card.card_title(card) == ""
    assert image_of(share_card.render_share_card(card)).size == (1200, 630)


def test_short_title_is_drawn_large_on_one_line():
    lines, size = share_card.wrap_title("Heat", 650, 400)
    assert lines == ["Heat"]
    assert size == share_card.TITLE_SIZES[0]


def test_long_title_wraps_within_the_text_box():
    title = "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb"
    lines, size = share_card.wrap_title(title, 650, 400)
    assert " ".join(lines) == title
    assert 1 < len(lines) <= share_card.MAX_TITLE_LINES
    font = share_card._font("Bold", size)
    assert all(font.getlength(line) <= 650 for line in lines)


def test_endless_title_ends_with_an_ellipsis_inside_the_box():
    title = " ".join(["Unbelievably-extended-hyphenated-wordsmithery"] * 20)
    lines, size = share_card.wrap_title(title, 650, 300)
    assert lines[-1].endswith("…")
    font = share_card._font("Bold", size)
    assert all(font.getlength(line) <= 650 for line in lines)
    assert len(lines) * round(size * 1.08) <= 300


def test_odd_titles_render_as_pngs_of_the_right_size():
    for title in ("", "x" * 300, "A\u202eB", "<b>&amp;</b>", "七人の侍"):
        png = share_card.render_share_card(inputs(title=title))
        assert png.startswith(PNG_SIGNATURE)
        assert image_of(png).size == (1200, 630)


def test_card_uses_the_posters_background_colour():
    from cinematheque.catalogue import poster

    card = inputs()
    colours = poster.palette_for("Crime", poster.poster_seed("heat-1995", "Crime"))
    image = image_of(share_card.render_share_card(card)).convert("RGB")
    expected = tuple(int(colours.background[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((1190, 300)) == expected


@pytest.mark.django_db
def test_unchanged_card_answers_304_to_its_etag(client, sample):
    etag = client.get("/share/heat-1995.png")["ETag"]
    response = client.get("/share/heat-1995.png", headers={"if-none-match": etag})
    assert response.status_code == 304

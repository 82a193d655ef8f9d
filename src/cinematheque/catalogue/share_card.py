"""Share cards: the film's generated poster as a 1200x630 PNG for `og:image`.

Chat apps and social sites do not display SVG, so the page's preview image is drawn
with Pillow from the same inputs as the poster (slug, title, year, defining genre,
directors): the poster's palette and motif on the left, the title, year and director
on the right, in Source Sans Pro from the `font-source-sans-pro` package (no font is
fetched at run time).

Cards are kept in `<data dir>/share-cards/` as `<slug>.<fingerprint>.png`; the
fingerprint covers every input and the drawing version, so a changed title, year,
genre or director gives a new file and the old one is removed when the new one is
written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from cinematheque.catalogue import poster
from cinematheque.catalogue.context_processors import SITE_NAME
from cinematheque.catalogue.models import Film
from cinematheque.people.models import Credit

WIDTH = 1200
HEIGHT = 630
# Bump when the drawing changes, so cached cards are redrawn.
DRAWING_VERSION = "2"
DIRECTORY_NAME = "share-cards"

PANEL_WIDTH = 420  # the poster's artwork, scaled from its 400 px width
TEXT_LEFT = PANEL_WIDTH + 64
TEXT_RIGHT = WIDTH - 64
TEXT_TOP = 72
FOOTER_TOP = HEIGHT - 150
TITLE_SIZES = (96, 88, 80, 72, 64, 58, 52, 46, 40)
MAX_TITLE_LINES = 4
SUPERSAMPLE = 2  # the motif is drawn at twice the size and scaled down (anti-aliasing)

# A code point no font maps: its glyph is the font's .notdef box, which other
# characters are compared with to find the ones the font cannot draw.
_UNMAPPED = "\U0010fffd"


@dataclass(frozen=True)
class ShareCardInputs:
    """Everything a card shows; the same inputs always give the same picture."""

    slug: str
    title: str
    original_title: str
    year: int | None
    genre: str
    directors: tuple[str, ...]

    def fingerprint(self) -> str:
        """A short hash of the inputs and the drawing version: the cache key."""
        parts = (
            DRAWING_VERSION,
            self.slug,
            self.title,
            self.original_title,
            str(self.year or ""),
            self.genre,
            *self.directors,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def share_card_inputs(slug: str) -> ShareCardInputs | None:
    """The card inputs of the film with this slug, or None if there is no such film.

    Reads the same data as the poster view: the film's defining genre and its first
    two directors."""
    film = (
        Film.objects.only("id", "slug", "title", "original_title", "year")
        .filter(slug=slug)
        .first()
    )
    if film is None:
        return None
    genre = poster.defining_genre(list(film.genres.values_list("name", flat=True)))
    directors = (
        Credit.objects.filter(film=film, department=Credit.Department.DIRECTING)
        .order_by("order", "id")
        .values_list("person__name", flat=True)[:2]
    )
    return ShareCardInputs(
        slug=film.slug,
        title=film.title,
        original_title=film.original_title or "",
        year=film.year,
        genre=genre,
        directors=tuple(directors),
    )


def share_card_png(inputs: ShareCardInputs) -> bytes:
    """The PNG of a film's share card, from the disk cache or freshly drawn (and
    then cached). A data directory that cannot be written only costs the cache."""
    directory = Path(settings.DATA_DIR) / DIRECTORY_NAME
    path = directory / f"{inputs.slug}.{inputs.fingerprint()}.png"
    with contextlib.suppress(OSError):  # not drawn yet, or no readable data dir
        return path.read_bytes()
    png = render_share_card(inputs)
    # A read-only data directory still serves the card, uncached.
    with contextlib.suppress(OSError):
        _store(directory, path, png)
    return png


def _store(directory: Path, path: Path, png: bytes) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(png)
    Path(temporary).replace(path)
    slug = path.name.split(".", 1)[0]
    for stale in directory.glob(f"{slug}.*.png"):
        if stale != path:
            stale.unlink(missing_ok=True)


def render_share_card(inputs: ShareCardInputs) -> bytes:
    """Draw the card and return it as PNG bytes."""
    seed = poster.poster_seed(inputs.slug, inputs.genre)
    colours = poster.palette_for(inputs.genre, seed)
    card = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    card.paste(_panel(seed, colours), (0, 0))
    draw = ImageDraw.Draw(card)
    _draw_texts(draw, inputs, colours)
    # A card has a few flat colours and the anti-aliasing between them: 256 colours
    # keep the flat colours exact, make the PNG a third of the size and encode faster
    # than zlib's best effort on RGB (benchmarks/share_image.py).
    palette = card.quantize(256, method=Image.Quantize.MAXCOVERAGE)
    output = io.BytesIO()
    palette.save(output, format="PNG")
    return output.getvalue()


# --- Text -------------------------------------------------------------------------


@functools.cache
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    path = Path(font_source_sans_pro.font_directory) / f"SourceSansPro-{style}.ttf"
    return ImageFont.truetype(str(path), size)


@functools.cache
def _notdef_mask(style: str) -> bytes:
    return bytes(_font(style, 40).getmask(_UNMAPPED))


@functools.cache
def _has_glyph(style: str, character: str) -> bool:
    return bytes(_font(style, 40).getmask(character)) != _notdef_mask(style)


def drawable_text(text: str, style: str = "Bold") -> str:
    """`text` without the characters the card's font cannot draw (emoji, scripts
    outside Latin, Greek and Cyrillic) and without control and format characters,
    spaces collapsed: what the card shows, never a row of empty boxes."""
    kept = []
    for character in unicodedata.normalize("NFC", text):
        if character.isspace():
            kept.append(" ")
        elif unicodedata.category(character)[0] != "C" and _has_glyph(style, character):
            kept.append(character)
    return " ".join("".join(kept).split())


def card_title(inputs: ShareCardInputs) -> str:
    """The title as the card draws it: the title if the font can draw most of it,
    else the original title, else nothing (the card still has year and director)."""
    for candidate in (inputs.title, inputs.original_title):
        drawn = drawable_text(candidate)
        if _letters(drawn) * 2 >= _letters(candidate) > 0:
            return drawn
    return ""


def _letters(text: str) -> int:
    return sum(character.isalnum() for character in text)


def wrap_title(title: str, width: int, height: int) -> tuple[list[str], int]:
    """Lines and font size: the largest size at which the title fits the box with
    whole words; at the smallest size, long words are cut and a title still too long
    ends with an ellipsis."""
    words = title.split()
    if not words:
        return [], TITLE_SIZES[-1]
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        if any(font.getlength(word) > width for word in words):
            continue
        lines = _wrap(words, font, width)
        if len(lines) <= MAX_TITLE_LINES and len(lines) * _line_height(size) <= height:
            return lines, size
    size = TITLE_SIZES[-1]
    font = _font("Bold", size)
    lines = _wrap([p for w in words for p in _cut(w, font, width)], font, width)
    keep = max(1, min(MAX_TITLE_LINES, height // _line_height(size)))
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = _with_ellipsis(lines[-1], font, width)
    return lines, size


def _line_height(size: int) -> int:
    return round(size * 1.08)


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _cut(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    pieces = []
    rest = word
    while font.getlength(rest) > width:
        # After the last hyphen that fits, else inside the word with one added.
        fitting = [
            end + 1
            for end, character in enumerate(rest[:-1])
            if character == "-" and font.getlength(rest[: end + 1]) <= width
        ]
        if fitting:
            cut = fitting[-1]
            pieces.append(rest[:cut])
        else:
            cut = len(rest) - 1
            while cut > 1 and font.getlength(rest[:cut] + "-") > width:
                cut -= 1
            pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _with_ellipsis(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while line and font.getlength(line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    return text if font.getlength(text) <= width else _with_ellipsis(text, font, width)


def _draw_texts(
    draw: ImageDraw.ImageDraw, inputs: ShareCardInputs, colours: poster.Palette
) -> None:
    width = TEXT_RIGHT - TEXT_LEFT
    year_size = 44
    lines, size = wrap_title(
        card_title(inputs), width, FOOTER_TOP - TEXT_TOP - year_size - 40
    )
    title_font = _font("Bold", size)
    y = TEXT_TOP
    for line in lines:
        draw.text((TEXT_LEFT, y), line, font=title_font, fill=colours.ink)
        y += _line_height(size)
    if inputs.year:
        draw.text(
            (TEXT_LEFT, y + 12),
            str(inputs.year),
            font=_font("It", year_size),
            fill=colours.ink,
        )
    names = [drawable_text(name, "Semibold") for name in inputs.directors]
    byline = ", ".join(name for name in names if name)
    if byline:
        draw.text(
            (TEXT_LEFT, FOOTER_TOP),
            "DIRECTED BY",
            font=_font("Semibold", 22),
            fill=colours.muted,
        )
        name_font = _font("Semibold", 36)
        draw.text(
            (TEXT_LEFT, FOOTER_TOP + 30),
            _fit(byline, name_font, width),
            font=name_font,
            fill=colours.ink,
        )
    draw.line(
        [(TEXT_LEFT, HEIGHT - 44), (TEXT_LEFT + 48, HEIGHT - 44)],
        fill=colours.accent,
        width=4,
    )
    draw.text(
        (TEXT_RIGHT, HEIGHT - 44),
        SITE_NAME,
        font=_font("Semibold", 24),
        fill=colours.muted,
        anchor="rm",
    )


# --- The poster's motif -----------------------------------------------------------


def _panel(seed: bytes, colours: poster.Palette) -> Image.Image:
    """The poster's artwork (its motif, without the title) at the card's height."""
    scale = HEIGHT / poster.HEIGHT * SUPERSAMPLE
    size = (PANEL_WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE)
    panel = Image.new("RGB", size, colours.shade)
    draw = ImageDraw.Draw(panel)
    _draw_motif(draw, seed[3] % 4, seed, colours, scale)
    return panel.resize((PANEL_WIDTH, HEIGHT), Image.Resampling.BOX)


def _mix(colour: str, under: str, opacity: float) -> tuple[int, int, int]:
    top = _rgb(colour)
    bottom = _rgb(under)
    red, green, blue = (
        round(a * opacity + b * (1 - opacity)) for a, b in zip(top, bottom, strict=True)
    )
    return red, green, blue


def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _draw_motif(
    draw: ImageDraw.ImageDraw,
    kind: int,
    seed: bytes,
    colours: poster.Palette,
    scale: float,
) -> None:
    """The motifs of `poster._motif`, in the poster's coordinates times `scale`."""
    accent, shade, ground = colours.accent, colours.shade, colours.shade

    def circle(
        cx: float,
        cy: float,
        radius: float,
        *,
        fill: tuple[int, int, int] | None = None,
        outline: tuple[int, int, int] | None = None,
        width: float = 1,
    ) -> None:
        box = [(cx - radius, cy - radius), (cx + radius, cy + radius)]
        draw.ellipse(
            [(x * scale, y * scale) for x, y in box],
            fill=fill,
            outline=outline,
            width=round(width * scale),
        )

    if kind == 0:  # a low sun
        radius = 120 + seed[5] % 90
        cx, cy = 60 + seed[6] % 280, 150 + seed[7] % 80
        circle(
            cx,
            cy,
            radius + 26,
            outline=_mix(accent, ground, 0.5),
            width=2,
        )
        circle(cx, cy, radius, fill=_mix(accent, ground, 0.9))
    elif kind == 1:  # diagonal bands
        offset = seed[5] % 120
        depth = poster.HEIGHT * 1.05
        for index in range(3):
            left = -100 + offset + index * 70
            colour = accent if index == 1 else colours.background
            _band(
                draw,
                left,
                width=60,
                depth=depth,
                colour=_mix(colour, ground, 0.9),
                scale=scale,
            )
        _band(
            draw,
            280 + offset,
            width=24,
            depth=depth,
            colour=_mix(accent, ground, 0.55),
            scale=scale,
        )
    elif kind == 2:  # concentric rings
        cx, cy = 200 + (seed[5] % 160) - 80, 190 + seed[6] % 60
        for index, radius in enumerate(range(40 + seed[7] % 20, 330, 34)):
            opacity = 0.35 + (index % 3) * 0.25
            circle(
                cx,
                cy,
                radius,
                outline=_mix(accent, ground, opacity),
                width=10 if radius % 2 else 4,
            )
    else:  # a strip of film frames
        top = 140 + seed[5] % 160
        width = poster.WIDTH * 1.1
        draw.rectangle([0, top * scale, width * scale, (top + 150) * scale], fill=shade)
        draw.rectangle(
            [0, (top + 18) * scale, width * scale, (top + 132) * scale], fill=accent
        )
        for x in range(10, round(width), 28):
            for y in (top + 5, top + 136):
                draw.rounded_rectangle(
                    [x * scale, y * scale, (x + 14) * scale, (y + 9) * scale],
                    radius=2 * scale,
                    fill=colours.background,
                )


def _band(
    draw: ImageDraw.ImageDraw,
    left: float,
    *,
    width: float,
    depth: float,
    colour: tuple[int, int, int],
    scale: float,
) -> None:
    run = 260 * depth / (poster.HEIGHT * 0.62)
    points: Sequence[tuple[float, float]] = [
        (left, 0),
        (left + width, 0),
        (left + width - run, depth),
        (left - run, depth),
    ]
    draw.polygon([(x * scale, y * scale) for x, y in points], fill=colour)

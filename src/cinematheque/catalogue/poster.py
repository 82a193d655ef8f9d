"""Typographic SVG posters for films that have no image.

A poster depends only on the film's slug, title, year, first genre and directors: the
same inputs give the same bytes. The genre picks a palette family (crime is night blue
and signal red, comedy is warm), a hash of the slug picks the hue within it, the layout
and the motif, so neighbouring cards in a list look different."""

from __future__ import annotations

import colorsys
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 400
HEIGHT = 600
MARGIN = 32
# Arial's metrics (Liberation Sans on Linux is metric-compatible) come first, so the
# width table below holds wherever the poster is drawn.
FONT = "Arial, Helvetica, 'Liberation Sans', 'Helvetica Neue', sans-serif"
SERIF = "Georgia, 'DejaVu Serif', 'Liberation Serif', serif"
# Advance widths of Arial Bold capitals in em; anything not listed (accented and other
# scripts) counts as a wide capital, and East Asian wide characters as a full em.
_NARROW = dict.fromkeys("I.,:;!'|", 0.30) | dict.fromkeys("-()[]/", 0.36)
_ADVANCES = (
    _NARROW
    | dict.fromkeys("0123456789J", 0.56)
    | dict.fromkeys("FLTZ", 0.62)
    | dict.fromkeys("EPSVXY?", 0.67)
    | dict.fromkeys("ABCDHKNRU&", 0.73)
    | dict.fromkeys("GOQ", 0.78)
    | {"M": 0.84, "W": 0.95, " ": 0.28}
)
DEFAULT_ADVANCE = 0.76
WIDE_ADVANCE = 1.0
SAFETY = 1.06  # fonts with wider capitals than Arial (DejaVu Sans) still fit
TITLE_SIZES = (96, 84, 76, 68, 60, 54, 48, 43, 38, 34, 30, 27, 24, 21)
MAX_TITLE_LINES = 7
BYLINE_CHARS = 27  # of 16 px text, left of the year

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Palette:
    background: str
    shade: str
    accent: str
    ink: str
    muted: str


# genre family: (hue range in degrees, background saturation, background lightness)
FAMILIES: dict[str, tuple[tuple[int, int], float, float]] = {
    "night": ((200, 250), 0.45, 0.16),  # crime, thriller, mystery, noir
    "blood": ((340, 370), 0.55, 0.12),  # horror
    "sun": ((25, 55), 0.85, 0.62),  # comedy, family, animation
    "rose": ((325, 355), 0.55, 0.70),  # romance
    "earth": ((20, 45), 0.30, 0.30),  # drama, history, biography, war
    "dust": ((15, 35), 0.55, 0.55),  # western
    "nebula": ((250, 290), 0.50, 0.20),  # science fiction, fantasy
    "sea": ((170, 200), 0.55, 0.30),  # adventure, action
    "paper": ((35, 50), 0.25, 0.88),  # documentary, music, musical
}
GENRE_FAMILY = {
    "crime": "night",
    "thriller": "night",
    "mystery": "night",
    "film-noir": "night",
    "noir": "night",
    "horror": "blood",
    "comedy": "sun",
    "family": "sun",
    "animation": "sun",
    "romance": "rose",
    "drama": "earth",
    "history": "earth",
    "biography": "earth",
    "war": "earth",
    "western": "dust",
    "science fiction": "nebula",
    "sci-fi": "nebula",
    "fantasy": "nebula",
    "adventure": "sea",
    "action": "sea",
    "documentary": "paper",
    "music": "paper",
    "musical": "paper",
}


# The genre that says most about a film comes first: Heat is "Action, Crime, Drama…"
# in the source, and its poster should look like crime, not like action.
GENRE_PRIORITY = (
    "horror",
    "film-noir",
    "noir",
    "crime",
    "western",
    "science fiction",
    "sci-fi",
    "animation",
    "documentary",
    "musical",
    "music",
    "war",
    "romance",
    "comedy",
    "fantasy",
    "thriller",
    "mystery",
    "family",
    "history",
    "biography",
    "adventure",
    "action",
    "drama",
)


def defining_genre(names: Sequence[str]) -> str:
    """The genre a poster is coloured by: the most specific of the film's genres."""
    lowered = {name.strip().lower(): name for name in names}
    for genre in GENRE_PRIORITY:
        if genre in lowered:
            return lowered[genre]
    return min(names, key=str.lower) if names else ""


def fingerprint(svg: str) -> str:
    """A short stable hash of a poster, used as its ETag."""
    return hashlib.sha256(svg.encode()).hexdigest()[:20]


def _hex(hue: float, saturation: float, lightness: float) -> str:
    red, green, blue = colorsys.hls_to_rgb((hue % 360) / 360, lightness, saturation)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


# Accents that print well on each kind of background: (hue in degrees, colour); a
# hue of None is a neutral that goes with anything.
ACCENTS_ON_DARK = (
    (10, "#e4572e"),
    (38, "#f0a830"),
    (None, "#efe3c8"),
    (8, "#ff7b63"),
    (172, "#2fb5a3"),
    (200, "#8ecae6"),
    (350, "#e5738a"),
    (48, "#d9b44a"),
)
ACCENTS_ON_LIGHT = (
    (12, "#b23a1e"),
    (214, "#1f3a5f"),
    (160, "#2e5e4e"),
    (315, "#6b2d5c"),
    (None, "#1d1a16"),
    (177, "#1b6f6a"),
)


def _hue_distance(first: float, second: float) -> float:
    gap = abs(first - second) % 360
    return min(gap, 360 - gap)


def palette_for(genre: str, seed: bytes) -> Palette:
    family = GENRE_FAMILY.get(genre.strip().lower())
    if family is None:
        # No genre or an unlisted one: any hue, dark or light by the hash.
        hue_range = (0, 360)
        saturation, lightness = (0.40, 0.22) if seed[4] % 2 else (0.45, 0.78)
    else:
        hue_range, saturation, lightness = FAMILIES[family]
    low, high = hue_range
    hue = low + seed[0] / 255 * (high - low)
    dark = lightness < 0.5
    accents = [
        colour
        for accent_hue, colour in (ACCENTS_ON_DARK if dark else ACCENTS_ON_LIGHT)
        if accent_hue is None or _hue_distance(accent_hue, hue) > 45
    ]
    return Palette(
        background=_hex(hue, saturation, lightness),
        shade=_hex(hue, saturation, lightness - 0.07 if dark else lightness - 0.12),
        accent=accents[seed[1] % len(accents)],
        ink="#f7f3ea" if dark else "#1d1a16",
        muted=_hex(hue, 0.20, 0.72) if dark else _hex(hue, 0.30, 0.30),
    )


def _advance(text: str) -> float:
    """Width of `text` in em at letter-spacing 0."""
    return SAFETY * sum(
        WIDE_ADVANCE
        if unicodedata.east_asian_width(ch) in {"W", "F"}
        else _ADVANCES.get(ch, DEFAULT_ADVANCE)
        for ch in text
    )


def wrap_title(
    title: str, max_width: float, max_height: float
) -> tuple[list[str], int]:
    """Lines and font size: the largest size at which the title fits the box with
    whole words; only when no size does are long words hyphenated, and a title too
    long even then ends with an ellipsis."""
    words = title.upper().split() or ["UNTITLED"]
    for size in TITLE_SIZES:
        capacity = max_width / size
        if any(_advance(word) > capacity for word in words):
            continue
        lines = _wrap(words, capacity)
        if len(lines) <= MAX_TITLE_LINES and len(lines) * size * 1.02 <= max_height:
            return lines, size
    size = TITLE_SIZES[-1]
    capacity = max_width / size
    lines = _wrap(words, capacity)
    keep = max(1, min(MAX_TITLE_LINES, int(max_height // (size * 1.02))))
    if len(lines) > keep:
        lines = lines[:keep]
        last = lines[-1]
        while last and _advance(last + "…") > capacity:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines, size


def _wrap(words: list[str], capacity: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        pieces = _split_long(word, capacity)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if _advance(candidate) <= capacity:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def _split_long(word: str, capacity: float) -> list[str]:
    if _advance(word) <= capacity:
        return [word]
    pieces = []
    rest = word
    while _advance(rest) > capacity:
        cut = len(rest)
        while cut > 1 and _advance(rest[:cut] + "-") > capacity:
            cut -= 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _text(value: str) -> str:
    return escape(_INVALID_XML.sub("", value), quote=True)


def _motif(kind: int, seed: bytes, colours: Palette) -> list[str]:
    accent, shade = colours.accent, colours.shade
    if kind == 0:  # a low sun
        radius = 120 + seed[5] % 90
        cx = 60 + seed[6] % 280
        return [
            f'<circle cx="{cx}" cy="{150 + seed[7] % 80}" r="{radius}" '
            f'fill="{accent}" opacity="0.9"/>',
            f'<circle cx="{cx}" cy="{150 + seed[7] % 80}" r="{radius + 26}" '
            f'fill="none" stroke="{accent}" stroke-width="2" opacity="0.5"/>',
        ]
    if kind == 1:  # diagonal bands
        offset = seed[5] % 120
        return [
            f'<path d="M{-100 + offset + i * 70} 0 l{60} 0 l-260 {HEIGHT * 0.62:.0f} '
            f'l-60 0 z" fill="{accent if i == 1 else shade}" '
            f'opacity="{0.95 if i == 1 else 0.8}"/>'
            for i in range(3)
        ] + [
            f'<path d="M{280 + offset} 0 l{24} 0 l-260 {HEIGHT * 0.62:.0f} '
            f'l-24 0 z" fill="{accent}" opacity="0.55"/>'
        ]
    if kind == 2:  # concentric rings
        cx = 200 + (seed[5] % 160) - 80
        cy = 190 + seed[6] % 60
        return [
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{accent}" '
            f'stroke-width="{10 if r % 2 else 4}" opacity="{0.35 + (i % 3) * 0.25:.2f}"/>'
            for i, r in enumerate(range(40 + seed[7] % 20, 330, 34))
        ]
    # kind 3: a strip of film frames
    top = 40 + seed[5] % 100
    rects = [
        f'<rect x="0" y="{top}" width="{WIDTH}" height="150" fill="{shade}"/>',
        f'<rect x="0" y="{top + 18}" width="{WIDTH}" height="114" fill="{accent}"/>',
    ]
    rects += [
        f'<rect x="{x}" y="{y}" width="14" height="9" rx="2" fill="{colours.background}"/>'
        for x in range(10, WIDTH, 28)
        for y in (top + 5, top + 136)
    ]
    return rects


def poster_seed(slug: str, genre: str) -> bytes:
    """The bytes that pick a poster's hue, accent, motif and layout."""
    return hashlib.sha256(f"{slug}\x1f{genre.lower()}".encode()).digest()


def render_poster(
    *, slug: str, title: str, year: int | None, genre: str, directors: Sequence[str]
) -> str:
    """The SVG document of a film's poster."""
    seed = poster_seed(slug, genre)
    colours = palette_for(genre, seed)
    motif = _motif(seed[3] % 4, seed, colours)
    title_top = 300 if seed[3] % 4 != 3 else 330
    footer_top = HEIGHT - 78
    lines, size = wrap_title(
        title, WIDTH - 2 * MARGIN, footer_top - title_top - (size_gap := 16)
    )
    line_height = round(size * 1.02)
    block = line_height * len(lines)
    # Titles sit on the lower part, bottom-aligned above the credits.
    first_baseline = footer_top - size_gap - block + round(size * 0.80)
    # The motif stops above the title, like a horizon: text never sits on a shape.
    horizon = first_baseline - round(size * 0.80) - 18
    title_lines = "".join(
        f'<tspan x="{MARGIN}" y="{first_baseline + i * line_height}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    year_text = str(year) if year else ""
    names = [name for name in directors if name]
    byline = ", ".join(names)
    if len(byline) > BYLINE_CHARS and names:
        byline = names[0]
    if len(byline) > BYLINE_CHARS:
        byline = byline[: BYLINE_CHARS - 1].rstrip() + "…"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_text(title)}">',
        f"<title>{_text(title)}{' (' + year_text + ')' if year_text else ''}</title>",
        f'<defs><clipPath id="sky"><rect width="{WIDTH}" height="{horizon}"/>'
        "</clipPath></defs>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{colours.background}"/>',
        '<g clip-path="url(#sky)">',
        *motif,
        "</g>",
        f'<rect x="0" y="{footer_top}" width="{WIDTH}" height="{HEIGHT - footer_top}" '
        f'fill="{colours.shade}" opacity="0.85"/>',
        f'<text font-family="{FONT}" font-weight="800" font-size="{size}" '
        f'fill="{colours.ink}" letter-spacing="-0.5">{title_lines}</text>',
    ]
    if year_text:
        parts.append(
            f'<text x="{WIDTH - MARGIN}" y="{footer_top + 48}" text-anchor="end" '
            f'font-family="{SERIF}" font-style="italic" font-size="30" '
            f'fill="{colours.ink}">{year_text}</text>'
        )
    if byline:
        parts += [
            f'<text x="{MARGIN}" y="{footer_top + 30}" font-family="{FONT}" '
            f'font-size="11" letter-spacing="2.5" fill="{colours.muted}">'
            "DIRECTED BY</text>",
            f'<text x="{MARGIN}" y="{footer_top + 51}" font-family="{FONT}" '
            f'font-weight="700" font-size="16" fill="{colours.ink}">'
            f"{_text(byline)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)

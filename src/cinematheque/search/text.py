"""Text folding shared by the index and the queries, so both sides agree on words.

Debian's SQLite 3.40 trigram tokenizer cannot fold accents and PostgreSQL's `unaccent`
only exists on PostgreSQL, so every string is folded here first: the index stores folded
words and the database tokenizers only ever see `[letters digits space]`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from cinematheque.catalogue.parameters import is_digits

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
        "&": " and ",
    }
)
# Apostrophes join the word ("Schindler's" → "schindlers", "don't" → "dont").
_APOSTROPHES = re.compile("['`\u2019\u02bc\u00b4\u2018]")
# Initialisms: "E.T.", "L.A. Confidential" → "et", "la confidential".
_INITIALISM = re.compile(r"(?<![^\W_])((?:[^\W\d_]\.){2,})")
# A colon, or a hyphen or dash between spaces: "Star Wars: Episode IV \u2013 A New Hope".
_TITLE_PARTS = re.compile("\\s*(?::|\\s[-\u2013\u2014]\\s)\\s*")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
# Vulgar fractions as people type them: '8½', '8 1/2' and '8 1\u20442' (fraction slash) all
# become '8 1over2', one word that digits alone ('8 1 2', '81 2') cannot be mistaken for.
_VULGAR_FRACTIONS = {
    char: " " + unicodedata.normalize("NFKD", char).replace("\u2044", "/") + " "
    for char in "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
}
_FRACTION = re.compile(r"(?<![\w/])(\d)\s*[/\u2044]\s*(10|\d)(?![\w/])")
_FRACTION_CHARS = frozenset("/\u2044").union(_VULGAR_FRACTIONS)
_FRACTION_WORD = re.compile(r"\b(\d)over(\d+)\b")
_HALF = re.compile(r"(?<=\d) 1over2\b")  # '8 1over2' → '8 and a half'
_N_FOR_AND = re.compile(r"(?<=\w) n (?=\w)")
# '+' between words reads 'and': 'Romeo + Juliet', 'X+Y'.
_PLUS = re.compile(r"(?<=[^\W_])\s*\+\s*(?=[^\W_])")
ARTICLES = frozenset(
    {"the", "a", "an", "le", "la", "les", "l", "el", "los", "las", "il", "lo", "gli"}
    | {"der", "die", "das", "den", "det", "de", "het", "een", "ein", "eine", "un"}
    | {"une", "uno", "una", "o", "os", "as"}
)
_ROMAN = {
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
_ARABIC = {arabic: roman for roman, arabic in _ROMAN.items()}
_NUMBER_WORDS = dict(
    enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
)
_DIGITS = {word: str(number) for number, word in _NUMBER_WORDS.items()}
_SPELLED = {str(number): word for number, word in _NUMBER_WORDS.items()}
MIN_YEAR = 1870
MAX_YEAR = 2100
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 12


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _join_initialism(match: re.Match[str]) -> str:
    return match.group(1).replace(".", "")


def _fraction_word(match: re.Match[str]) -> str:
    numerator, denominator = match.group(1), match.group(2)
    if int(numerator) >= int(
        denominator
    ):  # '4/2', '9/9': a date or a pair, no fraction
        return match.group(0)
    return f" {numerator}over{denominator} "


def _fold_symbols(text: str) -> str:
    """Fractions and '+' as words, before punctuation is dropped."""
    if not _FRACTION_CHARS.isdisjoint(text):
        for char, spelled in _VULGAR_FRACTIONS.items():
            text = text.replace(char, spelled)
        text = _FRACTION.sub(_fraction_word, text)
    if "+" in text:
        text = _PLUS.sub(" and ", text)
    return text


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case `text`, strip accents and punctuation: 'Amélie' → 'amelie',
    'Ed Begley, Jr.' → 'ed begley jr', 'Tone Lōc' → 'tone loc'; '&' and '+' between
    words read 'and', and a fraction is one word: '8½' and '8 1/2' → '8 1over2'."""
    if "." in text:
        text = _INITIALISM.sub(_join_initialism, text)
    text = _fold_symbols(text)
    if text.isascii():  # the common case, without a pass over every character
        text = text.replace("&", " and ").replace("'", "").replace("`", "")
        return _ASCII_SEPARATORS.sub(" ", text.lower()).strip()
    text = text.translate(_SPECIAL_LETTERS)
    text = _APOSTROPHES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        kept.append(char if _is_word_char(char) else " ")
    # casefold after stripping marks: 'İ' decomposes to 'I' + dot above.
    return " ".join("".join(kept).casefold().translate(_SPECIAL_LETTERS).split())


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return fold(text).split()


def strip_article(folded: str) -> str:
    """'the godfather' → 'godfather'; a title that is only an article stays as it is."""
    head, _, rest = folded.partition(" ")
    return rest if rest and head in ARTICLES else folded


def title_keys(title: str) -> tuple[set[str], set[str]]:
    """The exact-match keys of a title: (whole-title keys, part keys).

    Whole keys are the folded title and its variants (see title_variants), with and
    without a leading article; part keys are the main title and the subtitle around a
    colon or dash ('Star Wars: Episode IV - A New Hope' → 'star wars', 'episode iv',
    'a new hope'…), which a person often types alone and which rank just below a
    whole-title match.
    """
    folded = fold(title)
    whole = {
        key
        for spelling in (folded, *title_variants(title))
        for key in (spelling, strip_article(spelling))
        if key
    }
    parts: set[str] = set()
    pieces = [piece for piece in _TITLE_PARTS.split(title) if piece]
    if len(pieces) > 1:
        for piece in pieces:
            folded_piece = fold(piece)
            parts |= {folded_piece, strip_article(folded_piece)}
    parts -= whole
    parts.discard("")
    return whole, parts


def title_variants(title: str) -> list[str]:
    """Extra folded spellings under which a title should be found: hyphenated words
    written solid ('Spider-Man' → 'spiderman'), sequel numerals the other way round
    ('Rocky II' → 'rocky 2', 'Toy Story 3' → 'toy story iii'), numbers in words or
    digits ("Ocean's 11" → 'oceans eleven'), a fraction in digits as it is begun
    ('8½' → '8 1 2': '8 1/' finds it) or in words ('eight and a half'), and
    "Rock 'n' Roll" → 'rock and roll'."""
    folded = fold(title)
    variants: list[str] = []
    solid = fold(_HYPHENATED.sub(lambda match: match.group(0).replace("-", ""), title))
    if solid != folded:
        variants.append(solid)
    halves = _HALF.sub(" and a half", folded)
    variants += [
        swapped
        for swapped in (
            _swap_numerals(folded),
            _swap_number_words(folded),
            _FRACTION_WORD.sub(r"\1 \2", folded),
            halves,
            _swap_number_words(halves),
            _N_FOR_AND.sub(" and ", folded),
        )
        if swapped != folded
    ]
    return list(dict.fromkeys(variants))


def _swap_number_words(folded: str) -> str:
    """'oceans 11' ↔ 'oceans eleven', '12 angry men' ↔ 'twelve angry men'."""
    return " ".join(
        _SPELLED.get(token) or _DIGITS.get(token) or token for token in folded.split()
    )


def _swap_numerals(folded: str) -> str:
    tokens = folded.split()
    swapped = [
        _ROMAN.get(token) or _ARABIC.get(token) or token if index else token
        for index, token in enumerate(tokens)
    ]
    return " ".join(swapped)


def is_year(token: str) -> bool:
    # Not str.isdigit(): "፩፪፫፬" (Ethiopic digits) passes it and int() refuses it.
    return len(token) == 4 and is_digits(token) and MIN_YEAR <= int(token) <= MAX_YEAR


def clean_user_text(text: str) -> str:
    """Drop what cannot be shown or stored: lone surrogates, NUL and control
    characters (surrounding spaces are kept: a trailing one ends the last word)."""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return "".join(
        char for char in text if char in "\t\n" or unicodedata.category(char) != "Cc"
    )


@dataclass(frozen=True)
class ParsedQuery:
    """A folded query: its words, the year it names (if any) and whether the last word
    is still being typed (a prefix)."""

    raw: str
    words: tuple[str, ...]
    year: int | None = None
    prefix_last: bool = True
    year_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def text_words(self) -> tuple[str, ...]:
        """Words that must match the text: every word but the year, unless the year
        is all there is ('1984')."""
        rest = tuple(word for word in self.words if word not in self.year_words)
        return rest or self.words

    @property
    def is_empty(self) -> bool:
        return not self.words


def parse_query(raw: str) -> ParsedQuery:
    """Fold a user's query and find the year in it: 'Heat (1995)' → words ('heat',
    '1995'), year 1995. Only the first MAX_QUERY_WORDS words count."""
    cleaned = clean_user_text(raw).lstrip()[:MAX_QUERY_CHARS]
    tokens = tuple(fold(cleaned).split()[:MAX_QUERY_WORDS])
    prefix_last = bool(tokens) and _is_word_char(cleaned[-1])
    year = None
    year_words: set[str] = set()
    if len(tokens) > 1:
        for token in reversed(tokens):
            if is_year(token):
                year = int(token)
                year_words.add(token)
                break
    elif tokens and is_year(tokens[0]):
        year = int(tokens[0])
    return ParsedQuery(
        raw=cleaned.strip(),
        words=tokens,
        year=year,
        prefix_last=prefix_last,
        year_words=frozenset(year_words),
    )

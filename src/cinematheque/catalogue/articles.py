"""English indefinite articles: "a" or "an" by the sound of the word that follows,
not its first letter ("an hour", "a unique", "a European", "an 18-rated", "an FBI").

The rules cover what the catalogue writes after an article (genre names, countries,
decades, numbers, initialisms); an unknown word falls back to its first letter."""

from __future__ import annotations

import re

# Words that start with a vowel letter but a consonant sound ("yoo", "wuh").
_CONSONANT_SOUND_PREFIXES = (
    "eu",  # European, eulogy
    "ewe",
    "one",  # one-off, one-man
    "once",
    "ubiq",  # ubiquitous
    "uga",  # Ugandan
    "ukr",  # Ukrainian
    "ura",  # uranium
    "ure",  # urethra
    "uri",  # urinal
    "uru",  # Uruguayan
    "usa",
    "use",
    "usu",  # usual
    "uten",  # utensil
    "uti",  # utility
    "uto",  # utopia, utopian
)
# "uni-" sounds "yoo" (unique, unit, universal), unless it is "un-" + "i…"
# (unimportant, uninvited, unidentified).
_UNI_YOO = re.compile(r"uni(?![dmnr])")
# Words that start with an h that is not sounded.
_SILENT_H_PREFIXES = ("hour", "honest", "honor", "honour", "heir")
# Letters whose names start with a vowel sound, for initialisms: "an FBI", "an LGBT".
_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")
_VOWELS = frozenset("aeiou")
_DIGITS = re.compile(r"\d[\d,]*")
_OPENING_PUNCTUATION = "\"'(\u201c\u2018"  # straight and curly quotes
_WORD = re.compile(r"[^\W\d_]+")


def indefinite_article(phrase: str) -> str:
    """The article for `phrase`: "an" when it starts with a vowel sound when read
    aloud, else "a"."""
    text = phrase.strip().lstrip(_OPENING_PUNCTUATION)
    if not text:
        return "a"
    if text[0].isdigit():
        return "an" if _number_starts_with_vowel_sound(text) else "a"
    match = _WORD.match(text)
    if match is None:
        return "a"
    word = match.group()
    if _is_initialism(word):
        return "an" if word[0].lower() in _VOWEL_SOUND_LETTERS else "a"
    return "an" if _word_starts_with_vowel_sound(word.lower()) else "a"


def with_indefinite_article(phrase: str) -> str:
    """`phrase` with "a" or "an" before it: "an action film", "a unique print"."""
    return f"{indefinite_article(phrase)} {phrase}"


def _word_starts_with_vowel_sound(word: str) -> bool:
    if word.startswith(_SILENT_H_PREFIXES):
        return True
    if word.startswith(_CONSONANT_SOUND_PREFIXES) or _UNI_YOO.match(word):
        return False
    return word[0] in _VOWELS


def _is_initialism(word: str) -> bool:
    """Capitals read letter by letter: "FBI", "LGBT" (not "NATO", read as a word)."""
    if len(word) < 2 or not word.isupper():
        return False
    return len(word) <= 3 or not _VOWELS.intersection(word[1:].lower())


def _number_starts_with_vowel_sound(text: str) -> bool:
    """Numbers read aloud start with a vowel sound when they start with "eight",
    "eleven" or "eighteen": 8, 80, 800, 8,000; 11 and 18; 11,000 and 18,500
    (eleven/eighteen thousand); years read in pairs, 1100 and 1800 ("eighteen
    hundred"); but not 110 or 180 ("one hundred…")."""
    digits = _DIGITS.match(text)
    if digits is None:  # a digit that is not decimal, such as "²"
        return False
    number = digits.group().rstrip(",")
    if number.startswith("8"):
        return True
    if "," in number:
        leading = number.split(",")[0]
    elif len(number) == 4:  # a year or a round number read in pairs: "eighteen ten"
        leading = number[:2]
    else:
        leading = number[: len(number) % 3 or 3]
    return leading in {"11", "18"}

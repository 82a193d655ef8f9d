"""Words typed joined or split differently from the index: 'spiderman' finds
Spider-Man, 'good fellas' finds Goodfellas, 'de niro' and 'deniro' find each other.

Before the query is matched, a word the vocabulary does not know is split in two
words it knows, and two neighbouring words are joined when the joined word is known
and one of the two is not (or the joined word is nearly as common as the rarer of the
two: 'god father'). One lookup of the vocabulary answers every candidate at once; its
frequencies are reused for ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cinematheque.search.backends.base import SearchBackend
from cinematheque.search.text import ParsedQuery

MIN_PART = 2  # 'de' of 'deniro'; single letters split too many words
MIN_SPLIT = 5
MAX_SPLIT = 24
JOIN_RATIO = 10  # the joined word at least a tenth as common as the rarer part


@dataclass(frozen=True)
class Respaced:
    query: ParsedQuery
    replacements: dict[str, str]
    """What was typed → what is searched ('spiderman' → 'spider man'), for
    "Showing results for …"."""
    frequencies: dict[str, int]
    """Vocabulary frequencies of the new query's words (and of the candidates)."""


def respace(query: ParsedQuery, backend: SearchBackend) -> Respaced:
    """The query with words joined or split where the vocabulary says so."""
    words = list(query.words)
    frequencies = backend.term_frequencies(sorted(_candidates(query)))
    replacements: dict[str, str] = {}
    words = _joined(query, words, frequencies, replacements)
    words = _split(query, words, frequencies, replacements, backend)
    if not replacements:
        return Respaced(query, {}, frequencies)
    return Respaced(replace(query, words=tuple(words)), replacements, frequencies)


def _text_positions(query: ParsedQuery, words: list[str]) -> list[int]:
    return [index for index, word in enumerate(words) if word not in query.year_words]


def _candidates(query: ParsedQuery) -> set[str]:
    words = query.words
    terms = set(words)
    for index in _text_positions(query, list(words))[:-1]:
        if words[index + 1] not in query.year_words:
            terms.add(words[index] + words[index + 1])
    for word in words:
        terms.update(part for pair in _halves(word) for part in pair)
    return terms


def _halves(word: str) -> list[tuple[str, str]]:
    if not MIN_SPLIT <= len(word) <= MAX_SPLIT or not word.isalpha():
        return []
    return [
        (word[:cut], word[cut:]) for cut in range(MIN_PART, len(word) - MIN_PART + 1)
    ]


def _joined(
    query: ParsedQuery,
    words: list[str],
    frequencies: dict[str, int],
    replacements: dict[str, str],
) -> list[str]:
    result: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        joined = word + following
        if (
            following
            and word not in query.year_words
            and following not in query.year_words
            and _should_join(word, following, joined, frequencies)
        ):
            result.append(joined)
            replacements[f"{word} {following}"] = joined
            index += 2
            continue
        result.append(word)
        index += 1
    return result


def _should_join(
    first: str, second: str, joined: str, frequencies: dict[str, int]
) -> bool:
    together = frequencies.get(joined, 0)
    if not together:
        return False
    rarer = min(frequencies.get(first, 0), frequencies.get(second, 0))
    return together * JOIN_RATIO >= rarer


def _split(
    query: ParsedQuery,
    words: list[str],
    frequencies: dict[str, int],
    replacements: dict[str, str],
    backend: SearchBackend,
) -> list[str]:
    result: list[str] = []
    for position, word in enumerate(words):
        typing = query.prefix_last and position == len(words) - 1
        halves = None if frequencies.get(word) else _known_halves(word, frequencies)
        # A word still being typed may be the start of a longer one ('godfat').
        if halves and typing and backend.prefix_documents(word) != 0:
            halves = None
        if halves:
            first, second = halves
            result += [first, second]
            replacements[word] = f"{first} {second}"
        else:
            result.append(word)
    return result


def _known_halves(word: str, frequencies: dict[str, int]) -> tuple[str, str] | None:
    """The split into two known words whose rarer half is the most common."""
    known = [
        (min(frequencies[first], frequencies[second]), first, second)
        for first, second in _halves(word)
        if frequencies.get(first) and frequencies.get(second)
    ]
    if not known:
        return None
    _, first, second = max(known)
    return first, second

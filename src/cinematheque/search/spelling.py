"""Typo correction against the index's vocabulary (never against all titles).

A word that is not in the vocabulary is replaced by the vocabulary words one edit away
(looked up all at once by exact match, which is fast on both databases), or failing
that by words sharing trigrams with it, kept when within two or three edits.
"""

from __future__ import annotations

import string

from cinematheque.search.backends.base import SearchBackend

_ALPHABET = string.ascii_lowercase + string.digits
MAX_CORRECTIONS = 3
TRIGRAM_CANDIDATES = 40


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    transposes = {
        left + right[1] + right[0] + right[2:]
        for left, right in splits
        if len(right) > 1
    }
    replaces = {
        left + char + right[1:]
        for left, right in splits
        if right
        for char in _ALPHABET
        if char != right[0]
    }
    inserts = {left + char + right for left, right in splits for char in _ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def edit_distance(first: str, second: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char1 in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, char2 in enumerate(second, start=1):
            cost = 0 if char1 == char2 else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and char1 == second[j - 2] and first[i - 2] == char2:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def max_distance(word: str) -> int:
    if len(word) <= 4:
        return 1
    return 2 if len(word) <= 9 else 3


def is_correctable(word: str) -> bool:
    """Words of three or more ASCII letters (numbers and other scripts are left)."""
    return len(word) >= 3 and word.isascii() and not word.isdigit()


def corrections(word: str, backend: SearchBackend) -> tuple[tuple[str, int], ...]:
    """Vocabulary words `word` was probably meant to be, most likely first, with
    their frequencies; empty when nothing is close enough."""
    if not is_correctable(word):
        return ()
    near = backend.term_frequencies(sorted(edits1(word)))
    if near:
        ranked = sorted(near.items(), key=lambda item: (-item[1], item[0]))
        return tuple(ranked[:MAX_CORRECTIONS])
    if len(word) < 5:
        return ()
    limit = max_distance(word)
    scored = []
    for term, frequency in backend.similar_terms(word, TRIGRAM_CANDIDATES):
        distance = edit_distance(word, term)
        if distance <= limit:
            scored.append((distance, -frequency, term))
    scored.sort()
    return tuple((term, -negative) for _distance, negative, term in scored)[
        :MAX_CORRECTIONS
    ]

"""Typo correction against the index's vocabulary (never against all titles).

A word that is not in the vocabulary is compared with candidate vocabulary words (the
backend finds them: every spelling one edit away looked up at once, and words sharing
trigrams with it) and replaced by the closest, kept when within one, two or three edits
depending on its length.
"""

from __future__ import annotations

import string

from cinematheque.search.backends.base import SearchBackend

_ALPHABET = string.ascii_lowercase + string.digits
MAX_CORRECTIONS = 3


def deletes_and_transposes(word: str) -> set[str]:
    """Every string one deletion or one swap of neighbours away (the edits that break
    the most trigrams)."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    transposes = {
        left + right[1] + right[0] + right[2:]
        for left, right in splits
        if len(right) > 1
    }
    return (deletes | transposes) - {word}


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    replaces = {
        left + char + right[1:]
        for left, right in splits
        if right
        for char in _ALPHABET
        if char != right[0]
    }
    inserts = {left + char + right for left, right in splits for char in _ALPHABET}
    return (deletes_and_transposes(word) | replaces | inserts) - {word}


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
    """Vocabulary words `word` was probably meant to be, most likely first (fewest
    edits, then most frequent), with their frequencies; empty when nothing is close
    enough."""
    if not is_correctable(word):
        return ()
    limit = max_distance(word)
    scored = []
    for term, frequency in backend.correction_candidates(word).items():
        distance = edit_distance(word, term)
        if distance <= limit:
            scored.append((distance, -frequency, term))
    scored.sort()
    return tuple((term, -negative) for _distance, negative, term in scored)[
        :MAX_CORRECTIONS
    ]

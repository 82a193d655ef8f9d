"""Scoring the name parser against published test cases (guessit's and Jellyfin's,
in tests/fixtures/media_names/cases.json): used by the tests and by
benchmarks/name_accuracy.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .matching import match_key
from .names import ParsedName, parse_path

DETAILS = ("edition", "part", "kind")


@dataclass
class CaseResult:
    """One case: what it expects, what the parser read, and what agrees."""

    case: dict[str, Any]
    parsed: ParsedName

    @property
    def title_year_right(self) -> bool:
        return (
            match_key(self.parsed.title) == match_key(self.case["title"])
            and self.parsed.year == self.case["year"]
        )

    @property
    def details_total(self) -> int:
        return sum(detail in self.case for detail in DETAILS) + (
            "kind" not in self.case
        )

    @property
    def details_right(self) -> int:
        right = 0
        for detail in DETAILS:
            if detail in self.case or detail == "kind":
                right += self.detail_right(detail)
        return right

    def detail_right(self, detail: str) -> bool:
        expected = self.case.get(detail, "feature" if detail == "kind" else None)
        got = getattr(self.parsed, detail)
        if detail == "edition":
            # guessit's cases write "Director's cut" for "Unrated Director Cut":
            # the expected words within the edition read are enough.
            return bool(expected) and match_key(str(expected)) in match_key(got)
        return got == expected

    @property
    def all_right(self) -> bool:
        return self.title_year_right and self.details_right == self.details_total

    def describe(self) -> str:
        parsed = self.parsed
        return (
            f"title={parsed.title!r} year={parsed.year} edition={parsed.edition!r} "
            f"part={parsed.part} kind={parsed.kind}"
        )


def evaluate(cases: list[dict[str, Any]]) -> list[CaseResult]:
    """Parse each case's path (as the path below a library folder)."""
    return [CaseResult(case, parse_path(case["path"])) for case in cases]

"""Questions about a film that the catalogue answers from its own data: who directed
it, who stars in it, how long it is, its rating, release, sequels and origins.

Each answer is written by the template catalogue/faq/answer.html. The film page shows
them in the catalogue's own section (catalogue/sections.py), after the questions other
apps answer themselves (the editors', registered with `register_answered_elsewhere`):
a question an editor answered is left to the editor.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cinematheque.catalogue.models import FilmRelation
from cinematheque.catalogue.page import FilmLink, FilmPage
from cinematheque.catalogue.template_filters import format_release
from cinematheque.people.models import Credit

NAMED_PEOPLE = 3
# The tags of an answer the template wrote: everything it took from data is escaped,
# so each "<" in the answer opens one of the template's own tags (Django's
# strip_tags, an HTML parser run until nothing changes, took a quarter of the
# section's time).
_TAG = re.compile(r"<[^>]*>")
_UNRATED = {"not rated", "unrated", "nr"}


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer_html: SafeString
    answer_text: str
    from_data: bool


AnsweredElsewhere = Callable[[FilmPage, bool], list[FaqItem]]
"""`answered(page, preview)`: the questions an app answers about the page's film, shown
before the catalogue's (in a preview, the editors' working copies)."""

_answered_elsewhere: list[AnsweredElsewhere] = []


def register_answered_elsewhere(answered: AnsweredElsewhere) -> AnsweredElsewhere:
    """Let an app above the catalogue (editorial) say which questions it answers on
    the film page, without the catalogue importing it."""
    if answered not in _answered_elsewhere:
        _answered_elsewhere.append(answered)
    return answered


def answered_elsewhere(page: FilmPage, *, preview: bool = False) -> list[FaqItem]:
    """The questions the film page answers before the catalogue's, in order."""
    return [
        item for answered in _answered_elsewhere for item in answered(page, preview)
    ]


def faq_jsonld(items: list[FaqItem]) -> dict[str, Any]:
    """schema.org FAQPage of the questions a page shows (one per page)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": item.answer_text},
            }
            for item in items
        ],
    }


def faq_from_data(page: FilmPage, *, already_asked: set[str]) -> list[FaqItem]:
    """The questions the catalogue can answer for this film, leaving out those in
    `already_asked` (lower case): the editors' answer wins."""
    film = page.film
    title = film.title
    directors = _people(page, Credit.Department.DIRECTING)
    cast = _people(page, Credit.Department.ACTING)
    forward = [r for r in page.relations if r.forward]
    backward = [r for r in page.relations if not r.forward]
    sequel = FilmRelation.Kind.SEQUEL_TO
    questions: list[tuple[str, str, dict[str, Any]]] = []
    if directors:
        questions.append((f"Who directed {title}?", "directed", {"people": directors}))
    if cast:
        questions.append((f"Who stars in {title}?", "stars", {"people": cast}))
    if film.runtime:
        questions.append((f"How long is {title}?", "runtime", {}))
    if film.certification:
        questions.append(
            (
                f"What is {title} rated?",
                "rated",
                {"unrated": film.certification.lower() in _UNRATED},
            )
        )
    if film.release_date or film.year:
        questions.append(
            (
                f"When was {title} released?",
                "released",
                {
                    "on_day": bool(
                        film.release_date and film.release_date_precision == "day"
                    ),
                    "release": format_release(
                        film.release_date, film.release_date_precision, film.year
                    ),
                },
            )
        )
    questions.append(
        (
            f"Is there a sequel to {title}?",
            "sequel",
            {
                "sequels": [r.other for r in backward if r.kind == sequel],
                "sequel_to": [r.other for r in forward if r.kind == sequel],
            },
        )
    )
    origins = [
        (FilmRelation.Kind(r.kind).label, r.other) for r in forward if r.kind != sequel
    ]
    remade_as = [r.other for r in backward if r.kind == FilmRelation.Kind.REMAKE_OF]
    if origins or remade_as:
        questions.append(
            (
                f"Is {title} a remake or an adaptation?",
                "origins",
                {"origins": origins, "remade_as": remade_as},
            )
        )
    return [
        _answered(question, kind, film=film, **facts)
        for question, kind, facts in questions
        if question.lower() not in already_asked
    ]


def _people(page: FilmPage, department: str) -> list[FilmLink]:
    seen: set[int] = set()
    people = []
    for credit in page.credits:
        if credit.department == department and credit.person_id not in seen:
            seen.add(credit.person_id)
            people.append(FilmLink(credit.name, None, credit.url))
    return people[:NAMED_PEOPLE]


def _answered(question: str, kind: str, **context: Any) -> FaqItem:
    rendered = render_to_string("catalogue/faq/answer.html", {"kind": kind, **context})
    # The template is laid out for reading; the answer is one line of prose.
    one_line = (
        " ".join(rendered.split()).replace("<p> ", "<p>").replace(" </p>", "</p>")
    )
    answer = SafeString(one_line.strip())
    return FaqItem(
        question=question,
        answer_html=answer,
        answer_text=" ".join(html.unescape(_TAG.sub("", answer)).split()),
        from_data=True,
    )

"""What the film page and the home page show of the editorial layer.

`editorial_for_film(page)` is the loader of the film page's editorial sections
(editorial/sections.py): the public page, the editors' preview and the JSON API read
the film's editorial layer through it. It reads only the published copies, in three
queries whatever the film: one for the film's text, complexity and advisory together,
one (a UNION) for its FAQ entries, claims and the editors' decisions on conflicting
sources, and one for its collections. With `preview=True` it reads the working copies
instead, through the same code, for editors only.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTextTransform
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.faq import FaqItem
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.page import FilmPage, slug_url_parts
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.editorial.content import TEAM_BYLINE, render_content
from cinematheque.editorial.markdown import html_to_text
from cinematheque.editorial.models import (
    Advisory,
    Claim,
    Collection,
    CollectionMembership,
    Complexity,
    Conflict,
    FaqEntry,
    FilmText,
)


@dataclass(frozen=True)
class CollectionLink:
    title: str
    url: str
    position: int


@dataclass
class FilmEditorial:
    """The published editorial layer of one film (or its preview)."""

    film: Film
    text: dict[str, Any] | None = None
    complexity: dict[str, Any] | None = None
    advisory: dict[str, Any] | None = None
    faq: list[FaqItem] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    collections: list[CollectionLink] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    preview: bool = False
    faq_is_demo: bool = False  # some of the editors' questions are demo content

    @property
    def tagline(self) -> str:
        return (self.text or {}).get("tagline", "")

    @property
    def synopsis_html(self) -> SafeString:
        return SafeString((self.text or {}).get("synopsis_html", ""))

    @property
    def analysis_html(self) -> SafeString:
        return SafeString((self.text or {}).get("analysis_html", ""))

    @property
    def spoilers_html(self) -> SafeString:
        return SafeString((self.text or {}).get("spoilers_html", ""))

    @property
    def byline(self) -> dict[str, Any]:
        return (self.text or {}).get("byline") or {
            "name": TEAM_BYLINE,
            "expertise": "",
            "is_team": True,
        }

    @property
    def demo_pieces(self) -> list[str]:
        """The parts of the page whose shown copy is demo content shipped with
        cinematheque, by the origin frozen into each published piece: an editor's own
        text published over demo content is no longer listed."""

        def demo(piece: dict[str, Any] | None) -> bool:
            return bool((piece or {}).get("is_demo"))

        parts = [
            (_("tagline, synopsis and analysis"), demo(self.text)),
            (_("viewing complexity"), demo(self.complexity)),
            (_("content advisory"), demo(self.advisory)),
            (_("questions and answers"), self.faq_is_demo),
            (_("trivia and production notes"), any(map(demo, self.claims))),
        ]
        return [str(name) for name, is_demo in parts if is_demo]

    @property
    def is_demo(self) -> bool:
        """Whether any piece shown is demo content shipped with cinematheque."""
        return bool(self.demo_pieces)

    @property
    def published_at(self) -> str | None:
        return (self.text or {}).get("published_at")

    @property
    def trivia(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["kind"] == Claim.Kind.TRIVIA]

    @property
    def production_notes(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["kind"] == Claim.Kind.PRODUCTION]

    @property
    def is_curated(self) -> bool:
        """Whether editors have published anything of their own about this film."""
        return bool(
            self.text or self.complexity or self.advisory or self.claims or self.faq
        )

    def api_data(self) -> dict[str, Any]:
        """The published layer as plain data for the JSON API."""
        text = self.text or {}
        return {
            "tagline": text.get("tagline", ""),
            "synopsis_html": text.get("synopsis_html", ""),
            "analysis_html": text.get("analysis_html", ""),
            "spoilers_html": text.get("spoilers_html", ""),
            "byline": text.get("byline"),
            "published_at": text.get("published_at"),
            "complexity": (
                {k: self.complexity[k] for k in ("level", "label", "note")}
                if self.complexity
                else None
            ),
            "advisory": (
                {
                    "summary": self.advisory["summary"],
                    "minimum_age": self.advisory["minimum_age"],
                    "categories": self.advisory["categories"],
                }
                if self.advisory
                else None
            ),
            "faq": [
                {
                    "question": item.question,
                    "answer_html": str(item.answer_html),
                    "from_data": False,
                }
                for item in self.faq
            ],
            "claims": [
                {
                    "kind": claim["kind"],
                    "text": claim["text"],
                    "status": claim["shown_verification"],
                    "sources": claim["citations"],
                }
                for claim in self.claims
            ],
            "collections": [
                {"title": link.title, "url": link.url} for link in self.collections
            ],
        }


# What a page read, kept while the page lives: the editorial sections and the
# catalogue's FAQ (which leaves the editors' questions to them) read it once.
_read: weakref.WeakKeyDictionary[FilmPage, dict[bool, FilmEditorial]] = (
    weakref.WeakKeyDictionary()
)


def editorial_for_film(page: FilmPage, *, preview: bool = False) -> FilmEditorial:
    """The film's editorial layer: published copies, or working copies when previewing.

    The caller checks that a preview is asked for by an editor (see views.film_preview).
    Read once per page, however many sections ask.
    """
    read = _read.setdefault(page, {})
    if preview not in read:
        film = page.film
        read[preview] = _working_copies(film) if preview else _published_copies(film)
    return read[preview]


def editors_questions(page: FilmPage, preview: bool) -> list[FaqItem]:
    """The questions the editors answer about the page's film, in their order."""
    return editorial_for_film(page, preview=preview).faq


_PIECES = PreparedQuery(
    lambda film_id: (
        Film.objects.filter(pk=film_id)
        .order_by()
        .values_list(
            "editorial_text__live_content",
            "editorial_text__last_published_at",
            "editorial_complexity__live_content",
            "editorial_advisory__live_content",
        )
    )
)


def _live_rows(film_id: int) -> Any:
    def rows(queryset: Any, kind: str, column: str) -> Any:
        return (
            queryset.filter(film_id=film_id)
            .order_by()
            .annotate(section=Value(kind, output_field=CharField()))
            .values_list("section", "id", column)
        )

    return rows(FaqEntry.objects.live(), "faq", "live_content").union(
        rows(Claim.objects.live(), "claim", "live_content"),
        rows(Conflict.objects.resolved(), "decision", "decision"),
        all=True,
    )


# FAQ entries, claims and decisions on conflicts in one query (UNION ALL).
_LIVE_ROWS = PreparedQuery(_live_rows)
_COLLECTIONS = PreparedQuery(
    lambda film_id: (
        CollectionMembership.objects.filter(film_id=film_id, collection__live=True)
        .annotate(title=KeyTextTransform("title", "collection__live_content"))
        .values_list("collection__slug", "position", "title")
    )
)


def _published_copies(film: Film) -> FilmEditorial:
    pieces = _PIECES.rows(film.pk)
    text, published_at, complexity, advisory = pieces[0] if pieces else (None,) * 4
    if text is not None:
        text = {**text, "published_at": published_at}
    faq: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    sections = {"faq": faq, "claim": claims, "decision": decisions}
    # UNION ALL keeps no order: by id first, so that pieces of one `order` come as
    # the models order them (order, id) once sorted below.
    for kind, _pk, content in sorted(_LIVE_ROWS.rows(film.pk), key=lambda row: row[1]):
        sections[kind].append(content)
    faq.sort(key=lambda entry: entry["order"])
    claims.sort(key=lambda claim: claim["order"])
    collection_prefix, collection_suffix = slug_url_parts("editorial:collection")
    collections = sorted(
        (
            CollectionLink(
                title=title,
                url=f"{collection_prefix}{slug}{collection_suffix}",
                position=position,
            )
            for slug, position, title in _COLLECTIONS.rows(film.pk)
        ),
        key=lambda link: link.title,
    )
    return FilmEditorial(
        film=film,
        text=text,
        complexity=complexity,
        advisory=advisory,
        faq=[_faq_item(entry) for entry in faq],
        faq_is_demo=any(entry.get("is_demo") for entry in faq),
        claims=claims,
        collections=collections,
        decisions=decisions,
    )


def _working_copies(film: Film) -> FilmEditorial:
    text = FilmText.objects.filter(film=film).first()
    complexity = Complexity.objects.filter(film=film).first()
    advisory = Advisory.objects.filter(film=film).first()
    faq = [render_content(entry) for entry in FaqEntry.objects.filter(film=film)]
    claims = [
        render_content(claim)
        for claim in Claim.objects.filter(film=film).prefetch_related("citations")
    ]
    collections = [
        CollectionLink(
            title=collection.title,
            url=reverse("editorial:collection_preview", args=[collection.slug]),
            position=0,
        )
        for collection in Collection.objects.filter(items__film=film).distinct()
    ]
    rendered_text = None
    if text is not None:
        rendered_text = {**render_content(text), "published_at": text.last_published_at}
    return FilmEditorial(
        film=film,
        text=rendered_text,
        complexity=render_content(complexity) if complexity else None,
        advisory=render_content(advisory) if advisory else None,
        faq=[_faq_item(entry) for entry in sorted(faq, key=lambda e: e["order"])],
        faq_is_demo=any(entry.get("is_demo") for entry in faq),
        claims=sorted(claims, key=lambda claim: claim["order"]),
        collections=collections,
        decisions=[
            cast(dict[str, Any], decision)
            for decision in Conflict.objects.resolved()
            .filter(film=film)
            .values_list("decision", flat=True)
        ],
        preview=True,
    )


def _faq_item(entry: dict[str, Any]) -> FaqItem:
    return FaqItem(
        question=entry["question"],
        answer_html=SafeString(entry["answer_html"]),
        answer_text=entry["answer_text"],
        from_data=False,
    )


# -- the home page ------------------------------------------------------------------------

HOME_THUMBNAILS = 4


def _home_collection(slug: str, live: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": live["title"],
        "url": reverse("editorial:collection", args=[slug]),
        "introduction_text": html_to_text(live["introduction_html"]),
        "byline": live["byline"] or {"name": TEAM_BYLINE},
        "films": live["items"][:HOME_THUMBNAILS],
        "count": len(live["items"]),
        "items": live["items"],
        "featured": live.get("featured", False),
    }


def collections_within_limit(
    collections: list[dict[str, Any]], limit: ContentLimit
) -> list[dict[str, Any]]:
    """The home page's collections (`collections_for_home`) as a member whose
    content limit hides some films sees them: thumbnails and counts of the films
    left visible (one query), and no collection the limit empties."""
    wanted = {item["film_id"] for c in collections for item in c["items"]}
    visible = set(
        Film.objects.within_content_limit(limit)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    shown = []
    for collection in collections:
        items = [item for item in collection["items"] if item["film_id"] in visible]
        if items:
            shown.append(
                {
                    **collection,
                    "items": items,
                    "films": items[:HOME_THUMBNAILS],
                    "count": len(items),
                }
            )
    return shown


def collections_for_home(*, limit: int = 4) -> list[dict[str, Any]]:
    """Published collections for the home page, featured ones first (one query)."""
    rows = (
        Collection.objects.live()
        .order_by("-last_published_at")
        .values("slug", "live_content")
    )
    collections = [
        _home_collection(row["slug"], cast(dict[str, Any], row["live_content"]))
        for row in rows
    ]
    collections.sort(key=lambda c: not c["featured"])
    return collections[:limit]

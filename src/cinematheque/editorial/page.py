"""What the film page and the home page show of the editorial layer.

`editorial_for_film(film)` is called once by the film page view and reads only the
published copies, in three queries whatever the film: one for the film's text,
complexity and advisory together, one (a UNION) for its FAQ entries, claims and the
editors' decisions on conflicting sources, and one for its collections. The three are
prepared queries (compiled to SQL once per process: see catalogue/prepared.py) because
the page runs them on every request. With `preview=True` it renders the working copies
instead, through the same code, for editors only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTextTransform
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.models import Film, FilmRelation
from cinematheque.catalogue.page import FilmPage, slug_url_parts
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.catalogue.templatetags.catalogue import html_format
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
from cinematheque.people.models import Credit


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer_html: SafeString
    answer_text: str
    from_data: bool


@dataclass(frozen=True)
class CollectionLink:
    title: str
    url: str
    position: int


@dataclass(slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class CatalogueFacts:
    """The people and films that the questions answered from data name, as links."""

    directors: list[Link]
    cast: list[Link]
    sequels: list[Link]
    """Films that are sequels to this one."""
    sequel_to: list[Link]
    """Films this one is a sequel to."""
    origins: list[tuple[str, Link]]
    """This film's other relations: ("remake of", L.A. Takedown)."""
    remade_as: list[Link]

    @classmethod
    def from_page(cls, page: FilmPage) -> CatalogueFacts:
        """From the film page's facts (catalogue.page.film_page_for_slug)."""

        def people(department: str) -> list[Link]:
            seen: set[int] = set()
            links = []
            for credit in page.credits:
                if credit.department == department and credit.person_id not in seen:
                    seen.add(credit.person_id)
                    links.append(Link(credit.name, credit.url))
            return links

        def films(kind: str, *, forward: bool) -> list[Link]:
            return [
                Link(relation.other.display_title, relation.other.url)
                for relation in page.relations
                if relation.kind == kind and relation.forward == forward
            ]

        return cls(
            directors=people(Credit.Department.DIRECTING),
            cast=people(Credit.Department.ACTING),
            sequels=films(FilmRelation.Kind.SEQUEL_TO, forward=False),
            sequel_to=films(FilmRelation.Kind.SEQUEL_TO, forward=True),
            origins=[
                (
                    FilmRelation.Kind(relation.kind).label,
                    Link(relation.other.display_title, relation.other.url),
                )
                for relation in page.relations
                if relation.forward and relation.kind != FilmRelation.Kind.SEQUEL_TO
            ],
            remade_as=films(FilmRelation.Kind.REMAKE_OF, forward=False),
        )

    @classmethod
    def from_prefetched(cls, film: Film) -> CatalogueFacts:
        """From a film of `Film.objects.with_page_relations()` (the JSON API)."""
        credits = list(film.credits.all())

        def people(department: str) -> list[Link]:
            return [
                Link(credit.person.name, credit.person.get_absolute_url())
                for credit in _unique(
                    [c for c in credits if c.department == department]
                )
            ]

        def link(other: Film) -> Link:
            return Link(other.display_title, other.get_absolute_url())

        forward = list(film.relations_from.all())
        backward = list(film.relations_to.all())
        return cls(
            directors=people(Credit.Department.DIRECTING),
            cast=people(Credit.Department.ACTING),
            sequels=[
                link(r.from_film)
                for r in backward
                if r.kind == FilmRelation.Kind.SEQUEL_TO
            ],
            sequel_to=[
                link(r.to_film)
                for r in forward
                if r.kind == FilmRelation.Kind.SEQUEL_TO
            ],
            origins=[
                (r.get_kind_display(), link(r.to_film))
                for r in forward
                if r.kind != FilmRelation.Kind.SEQUEL_TO
            ],
            remade_as=[
                link(r.from_film)
                for r in backward
                if r.kind == FilmRelation.Kind.REMAKE_OF
            ],
        )


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
            self.text
            or self.complexity
            or self.advisory
            or self.claims
            or any(not item.from_data for item in self.faq)
        )

    @property
    def faq_jsonld(self) -> dict[str, Any]:
        """schema.org FAQPage for the questions shown."""
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item.question,
                    "acceptedAnswer": {"@type": "Answer", "text": item.answer_text},
                }
                for item in self.faq
            ],
        }

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
                    "from_data": item.from_data,
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


def editorial_for_film(
    film: Film, *, preview: bool = False, facts: CatalogueFacts | None = None
) -> FilmEditorial:
    """The film's editorial layer: published copies, or working copies when previewing.

    The caller checks that a preview is asked for by an editor (see views.film_preview).
    The questions answered from the catalogue's data read `facts`; without them, the
    film's credits and relations are read through the prefetch of
    `Film.objects.with_page_relations()`.
    """
    editorial = _working_copies(film) if preview else _published_copies(film)
    editorial.faq += _faq_from_data(
        film,
        facts or CatalogueFacts.from_prefetched(film),
        {item.question.lower() for item in editorial.faq},
    )
    return editorial


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
    for kind, _pk, content in _LIVE_ROWS.rows(film.pk):
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
        decisions=list(
            Conflict.objects.resolved()
            .filter(film=film)
            .values_list("decision", flat=True)
        ),
        preview=True,
    )


def _faq_item(entry: dict[str, Any]) -> FaqItem:
    return FaqItem(
        question=entry["question"],
        answer_html=SafeString(entry["answer_html"]),
        answer_text=entry["answer_text"],
        from_data=False,
    )


# -- questions answered from the catalogue's data ----------------------------------------


def _link(link: Link) -> SafeString:
    return html_format('<a href="{}">{}</a>', link.url, link.text)


def _join_links(links: list[Link]) -> SafeString:
    """'A', 'A and B', 'A, B and C' as links."""
    html = [_link(link) for link in links]
    if len(html) <= 1:
        return SafeString("".join(html))
    return html_format("{} and {}", SafeString(", ".join(html[:-1])), html[-1])


def _data_item(question: str, answer: SafeString) -> FaqItem:
    return FaqItem(
        question=question,
        answer_html=html_format("<p>{}</p>", answer),
        answer_text=html_to_text(str(answer)),
        from_data=True,
    )


def _unique(credits: list[Credit]) -> list[Credit]:
    seen: set[int] = set()
    return [c for c in credits if not (c.person_id in seen or seen.add(c.person_id))]


def _faq_from_data(
    film: Film, facts: CatalogueFacts, already_asked: set[str]
) -> list[FaqItem]:
    """Questions the catalogue can answer for any film that has the facts."""
    from cinematheque.catalogue.templatetags.catalogue import (
        format_release,
        format_runtime,
    )

    title = film.title
    items: list[FaqItem] = []
    if facts.directors:
        items.append(
            _data_item(
                f"Who directed {title}?",
                html_format(
                    "{} was directed by {}.", title, _join_links(facts.directors[:3])
                ),
            )
        )
    if facts.cast:
        items.append(
            _data_item(
                f"Who stars in {title}?",
                html_format("{} stars {}.", title, _join_links(facts.cast[:3])),
            )
        )
    if film.runtime:
        items.append(
            _data_item(
                f"How long is {title}?",
                html_format(
                    "{} runs {} minutes ({}).",
                    title,
                    film.runtime,
                    format_runtime(film.runtime),
                ),
            )
        )
    if film.certification:
        items.append(_data_item(f"What is {title} rated?", _rating_answer(film)))
    if film.release_date or film.year:
        release = format_release(
            film.release_date, film.release_date_precision, film.year
        )
        on = (
            "on "
            if film.release_date and film.release_date_precision == "day"
            else "in "
        )
        items.append(
            _data_item(
                f"When was {title} released?",
                html_format("{} was released {}{}.", title, on, release),
            )
        )
    items.append(
        _data_item(f"Is there a sequel to {title}?", _sequel_answer(film, facts))
    )
    origins = _origin_answer(film, facts)
    if origins is not None:
        items.append(_data_item(f"Is {title} a remake or an adaptation?", origins))
    return [item for item in items if item.question.lower() not in already_asked]


_UNRATED = {"not rated", "unrated", "nr"}


def _rating_answer(film: Film) -> SafeString:
    where = " in the United States (MPA)" if film.certification_country == "US" else ""
    if film.certification.lower() in _UNRATED:
        return html_format("{} was released without a rating{}.", film.title, where)
    return html_format("{} is rated {}{}.", film.title, film.certification, where)


def _sequel_answer(film: Film, facts: CatalogueFacts) -> SafeString:
    parts = []
    if facts.sequels:
        parts.append(
            html_format("Yes: {} followed {}.", _join_links(facts.sequels), film.title)
        )
    if facts.sequel_to:
        parts.append(
            html_format(
                "{} is itself a sequel to {}.",
                film.title,
                _join_links(facts.sequel_to),
            )
        )
    if not parts:
        return html_format("Our catalogue records no sequel to {}.", film.title)
    return SafeString(" ".join(parts))


def _origin_answer(film: Film, facts: CatalogueFacts) -> SafeString | None:
    parts = [
        html_format("{} is {} {}.", film.title, kind_label, _link(other))
        for kind_label, other in facts.origins
    ]
    if facts.remade_as:
        parts.append(html_format("It was remade as {}.", _join_links(facts.remade_as)))
    if not parts:
        return None
    return SafeString(" ".join(parts))


# -- the home page ------------------------------------------------------------------------


def collections_for_home(*, limit: int = 4) -> list[dict[str, Any]]:
    """Published collections for the home page, featured ones first (one query)."""
    rows = (
        Collection.objects.live()
        .order_by("-last_published_at")
        .values("slug", "live_content")
    )
    collections = [
        {
            "title": row["live_content"]["title"],
            "url": reverse("editorial:collection", args=[row["slug"]]),
            "introduction_text": html_to_text(row["live_content"]["introduction_html"]),
            "byline": row["live_content"]["byline"] or {"name": TEAM_BYLINE},
            "films": row["live_content"]["items"][:4],
            "count": len(row["live_content"]["items"]),
            "featured": row["live_content"].get("featured", False),
        }
        for row in rows
    ]
    collections.sort(key=lambda c: not c["featured"])
    return collections[:limit]

"""What the film page and the home page show of the editorial layer.

`editorial_for_film(film)` is called once by the film page view and reads only the
published copies, in three queries whatever the film: one for the film's text,
complexity and advisory together, one (a UNION) for its FAQ entries, claims and the
editors' decisions on conflicting sources, and one for its collections. With `preview=True` it
renders the working copies instead, through the same code, for editors only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTextTransform
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cinematheque.catalogue.models import Film, FilmRelation
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
    def is_demo(self) -> bool:
        """Whether any piece shown is demo content shipped with cinematheque."""
        pieces = [self.text, self.complexity, self.advisory, *self.claims]
        return any((piece or {}).get("is_demo") for piece in pieces)

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


def editorial_for_film(film: Film, *, preview: bool = False) -> FilmEditorial:
    """The film's editorial layer: published copies, or working copies when previewing.

    The caller checks that a preview is asked for by an editor (see views.film_preview).
    Reads the film's credits and relations through the prefetch of
    `Film.objects.with_page_relations()` when present.
    """
    editorial = _working_copies(film) if preview else _published_copies(film)
    editorial.faq += _faq_from_data(
        film, {item.question.lower() for item in editorial.faq}
    )
    return editorial


def _published_copies(film: Film) -> FilmEditorial:
    pieces = (
        Film.objects.filter(pk=film.pk)
        .values(
            "editorial_text__live_content",
            "editorial_text__last_published_at",
            "editorial_complexity__live_content",
            "editorial_advisory__live_content",
        )
        .first()
        or {}
    )
    text = pieces.get("editorial_text__live_content")
    if text is not None:
        text = {**text, "published_at": pieces["editorial_text__last_published_at"]}
    # FAQ entries, claims and decisions on conflicts in one query (UNION ALL).
    faq, claims, decisions = [], [], []
    for kind, _pk, content in _live_rows(film):
        {"faq": faq, "claim": claims, "decision": decisions}[kind].append(content)
    faq.sort(key=lambda entry: entry["order"])
    claims.sort(key=lambda claim: claim["order"])
    collections = sorted(
        (
            CollectionLink(
                title=row["title"],
                url=reverse("editorial:collection", args=[row["collection__slug"]]),
                position=row["position"],
            )
            for row in CollectionMembership.objects.filter(
                film=film, collection__live=True
            ).values(
                "collection__slug",
                "position",
                title=KeyTextTransform("title", "collection__live_content"),
            )
        ),
        key=lambda link: link.title,
    )
    return FilmEditorial(
        film=film,
        text=text,
        complexity=pieces.get("editorial_complexity__live_content"),
        advisory=pieces.get("editorial_advisory__live_content"),
        faq=[_faq_item(entry) for entry in faq],
        claims=claims,
        collections=collections,
        decisions=decisions,
    )


def _live_rows(film: Film) -> list[tuple[str, int, dict[str, Any]]]:
    def rows(queryset: Any, kind: str, column: str) -> Any:
        return (
            queryset.filter(film=film)
            .order_by()
            .annotate(section=Value(kind, output_field=CharField()))
            .values_list("section", "id", column)
        )

    return list(
        rows(FaqEntry.objects.live(), "faq", "live_content").union(
            rows(Claim.objects.live(), "claim", "live_content"),
            rows(Conflict.objects.resolved(), "decision", "decision"),
            all=True,
        )
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


def _film_link(film: Film) -> SafeString:
    return format_html(
        '<a href="{}">{}</a>', film.get_absolute_url(), film.display_title
    )


def _person_links(credits: list[Credit]) -> SafeString:
    links = [
        format_html(
            '<a href="{}">{}</a>', credit.person.get_absolute_url(), credit.person.name
        )
        for credit in credits
    ]
    if len(links) <= 1:
        return SafeString("".join(links))
    return format_html("{} and {}", SafeString(", ".join(links[:-1])), links[-1])


def _join_films(films: list[Film]) -> SafeString:
    links = [_film_link(film) for film in films]
    if len(links) == 1:
        return links[0]
    return format_html("{} and {}", SafeString(", ".join(links[:-1])), links[-1])


def _data_item(question: str, answer: SafeString) -> FaqItem:
    return FaqItem(
        question=question,
        answer_html=format_html("<p>{}</p>", answer),
        answer_text=html_to_text(str(answer)),
        from_data=True,
    )


def _unique(credits: list[Credit]) -> list[Credit]:
    seen: set[int] = set()
    return [c for c in credits if not (c.person_id in seen or seen.add(c.person_id))]


def _faq_from_data(film: Film, already_asked: set[str]) -> list[FaqItem]:
    """Questions the catalogue can answer for any film that has the facts."""
    from cinematheque.catalogue.templatetags.catalogue import (
        format_release,
        format_runtime,
    )

    title = film.title
    items: list[FaqItem] = []
    credits = list(film.credits.all())
    directors = _unique(
        [c for c in credits if c.department == Credit.Department.DIRECTING]
    )
    cast = _unique([c for c in credits if c.department == Credit.Department.ACTING])
    if directors:
        items.append(
            _data_item(
                f"Who directed {title}?",
                format_html(
                    "{} was directed by {}.", title, _person_links(directors[:3])
                ),
            )
        )
    if cast:
        items.append(
            _data_item(
                f"Who stars in {title}?",
                format_html("{} stars {}.", title, _person_links(cast[:3])),
            )
        )
    if film.runtime:
        items.append(
            _data_item(
                f"How long is {title}?",
                format_html(
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
                format_html("{} was released {}{}.", title, on, release),
            )
        )
    items.append(_data_item(f"Is there a sequel to {title}?", _sequel_answer(film)))
    origins = _origin_answer(film)
    if origins is not None:
        items.append(_data_item(f"Is {title} a remake or an adaptation?", origins))
    return [item for item in items if item.question.lower() not in already_asked]


_UNRATED = {"not rated", "unrated", "nr"}


def _rating_answer(film: Film) -> SafeString:
    where = " in the United States (MPA)" if film.certification_country == "US" else ""
    if film.certification.lower() in _UNRATED:
        return format_html("{} was released without a rating{}.", film.title, where)
    return format_html("{} is rated {}{}.", film.title, film.certification, where)


def _sequel_answer(film: Film) -> SafeString:
    sequels = [
        r.from_film
        for r in film.relations_to.all()
        if r.kind == FilmRelation.Kind.SEQUEL_TO
    ]
    follows = [
        r.to_film
        for r in film.relations_from.all()
        if r.kind == FilmRelation.Kind.SEQUEL_TO
    ]
    parts = []
    if sequels:
        parts.append(
            format_html("Yes: {} followed {}.", _join_films(sequels), film.title)
        )
    if follows:
        parts.append(
            format_html(
                "{} is itself a sequel to {}.", film.title, _join_films(follows)
            )
        )
    if not parts:
        return format_html("Our catalogue records no sequel to {}.", film.title)
    return SafeString(" ".join(parts))


def _origin_answer(film: Film) -> SafeString | None:
    parts = []
    for relation in film.relations_from.all():
        if relation.kind == FilmRelation.Kind.SEQUEL_TO:
            continue
        parts.append(
            format_html(
                "{} is {} {}.",
                film.title,
                relation.get_kind_display(),
                _film_link(relation.to_film),
            )
        )
    remakes = [
        r.from_film
        for r in film.relations_to.all()
        if r.kind == FilmRelation.Kind.REMAKE_OF
    ]
    if remakes:
        parts.append(format_html("It was remade as {}.", _join_films(remakes)))
    if not parts:
        return None
    return format_html_join(" ", "{}", ((part,) for part in parts))


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

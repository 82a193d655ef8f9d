"""The published editorial layer of a film, as carried by the film detail document."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class BylineOut(Schema):
    name: str = Field(description="The editor, or 'the cinematheque editorial team'.")
    expertise: str = Field(description="Area of expertise, e.g. 'crime cinema'.")
    is_team: bool


class ComplexityOut(Schema):
    level: int = Field(ge=1, le=5, description="1 (Accessible) to 5 (Demanding).")
    label: str
    note: str


class AdvisoryCategoryOut(Schema):
    key: str = Field(description="violence, sex, language, substances or frightening.")
    label: str
    severity: str = Field(description="none, mild, moderate or severe.")
    severity_label: str
    note: str


class AdvisoryOut(Schema):
    summary: str = Field(description="e.g. 'Contains: strong violence'.")
    minimum_age: int | None = Field(description="Suggested minimum age, in years.")
    categories: list[AdvisoryCategoryOut]


class FaqOut(Schema):
    question: str
    answer_html: str = Field(description="Sanitised HTML.")
    from_data: bool = Field(
        description="True when answered from the catalogue's data, not by an editor."
    )


class CitationOut(Schema):
    title: str
    publisher: str
    url: str
    accessed_on: date | None


class ClaimOut(Schema):
    kind: str = Field(description="trivia or production.")
    text: str
    status: str = Field(
        description="verified, unverified or disputed; unverified when unsourced."
    )
    sources: list[CitationOut]


class CollectionLinkOut(Schema):
    title: str
    url: str


class FilmEditorialOut(Schema):
    """Only published pieces; drafts are never part of the API."""

    tagline: str
    synopsis_html: str = Field(description="Sanitised HTML; empty when unwritten.")
    analysis_html: str = Field(description="Spoiler-free analysis, sanitised HTML.")
    spoilers_html: str = Field(description="The part of the analysis with spoilers.")
    byline: BylineOut | None
    published_at: datetime | None
    complexity: ComplexityOut | None
    advisory: AdvisoryOut | None
    faq: list[FaqOut] = Field(description="Editors' questions, then data-derived ones.")
    claims: list[ClaimOut] = Field(description="Trivia and production notes.")
    collections: list[CollectionLinkOut] = Field(
        description="Published collections listing the film."
    )

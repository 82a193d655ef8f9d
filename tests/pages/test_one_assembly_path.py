"""The public film page, the editors' preview and the API's film detail read the film
through the same section loaders, so they show the same things."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cinematheque.editorial import services
from cinematheque.editorial.models import Claim, FaqEntry
from cinematheque.recommendations.models import Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


def recommend(film, titles: list[str]) -> None:
    for rank, title in enumerate(titles, start=1):
        Recommendation.objects.create(
            film=film,
            recommended=factories.make_film(title=title, year=1990 + rank),
            rank=rank,
            score=1.0 / rank,
            kind=Recommendation.Kind.values[0],
            reason=f"Because of {title}",
            computed_at=timezone.now(),
        )


def publish_editorial(film) -> None:
    factories.make_film_text(film=film, publish=True, tagline="Two professionals.")
    factories.make_piece(
        FaqEntry,
        film=film,
        question="Is it based on a true story?",
        answer="Partly.",
        publish=True,
    )
    claim = Claim(film=film, text="Shot on location downtown.", verification="verified")
    services.piece_save(piece=claim, author=None)
    services.piece_publish(piece=claim, author=None)


def shown(html: str) -> dict[str, list[str]]:
    def texts(pattern: str) -> list[str]:
        return [" ".join(t.split()) for t in re.findall(pattern, html, re.S)]

    return {
        "tagline": texts(r'<p class="tagline"(?: lang="[^"]*")?>(.*?)</p>'),
        "questions": texts(r'<summary class="faq__question">(.*?)</summary>'),
        "claims": texts(r'<span class="claim__kind">[^<]*</span> (.*?)</p>'),
        "recommendations": texts(r'<span class="card__title">(.*?)</span>'),
    }


def test_public_page_preview_and_api_show_the_same_sections(client_for, heat):
    publish_editorial(heat)
    recommend(heat, ["Thief", "Collateral", "Ronin"])

    public = shown(client_for("anonymous").get(heat.get_absolute_url()).text)
    preview_url = reverse("editorial:film_preview", args=[heat.slug])
    preview = shown(client_for("editor").get(preview_url).text)
    api = client_for("anonymous").get(f"/api/v1/films/{heat.pk}").json()["editorial"]

    assert public["recommendations"] == ["Thief", "Collateral", "Ronin"]
    assert public["tagline"] == ["Two professionals."]
    assert public["claims"] == ["Shot on location downtown."]
    assert public["questions"][0] == "Is it based on a true story?"
    assert "Who directed Heat?" in public["questions"]
    assert preview == public
    assert [api["tagline"]] == public["tagline"]
    assert [item["question"] for item in api["faq"]] == public["questions"]
    assert [claim["text"] for claim in api["claims"]] == public["claims"]


def test_preview_shows_the_working_copy_where_the_page_shows_the_published_one(
    client_for, heat
):
    text = factories.make_film_text(film=heat, publish=True, tagline="Published.")
    text.tagline = "Draft."
    services.piece_save(piece=text, author=None)
    preview_url = reverse("editorial:film_preview", args=[heat.slug])
    assert shown(client_for("editor").get(preview_url).text)["tagline"] == ["Draft."]
    public = client_for("anonymous").get(heat.get_absolute_url()).text
    assert shown(public)["tagline"] == ["Published."]

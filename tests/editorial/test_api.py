"""The API carries published editorial content only, whoever asks."""

from __future__ import annotations

import pytest

from cinematheque.editorial import services
from cinematheque.editorial.models import Claim, Collection, FaqEntry
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "editor", "chief"]


def published_collection(film, slug: str = "crime") -> Collection:
    collection = Collection(slug=slug, title="Crime", introduction="*Ten* films.")
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=film, order=1, note="The city at night.")
    services.piece_publish(piece=collection, author=None)
    return collection


@pytest.mark.parametrize("role", ROLES)
def test_collection_list_shows_published_collections_to_everyone(
    client_for, heat, role
):
    published_collection(heat)
    draft = Collection(slug="draft", title="DRAFT")
    services.piece_save(piece=draft, author=None)
    response = client_for(role).get("/api/v1/collections")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == "crime"
    assert item["url"] == "/collections/crime/"
    assert item["introduction_html"] == "<p><em>Ten</em> films.</p>"
    assert item["film_count"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_collection_detail_has_films_in_order_and_drafts_are_404(
    client_for, heat, role
):
    published_collection(heat)
    draft = Collection(slug="draft", title="DRAFT")
    services.piece_save(piece=draft, author=None)
    client = client_for(role)
    body = client.get("/api/v1/collections/crime").json()
    assert body["items"][0]["film"]["slug"] == "heat-1995"
    assert body["items"][0]["note"] == "The city at night."
    missing = client.get("/api/v1/collections/draft")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No published collection with slug 'draft'."


def test_collection_endpoints_reject_bad_parameters(client):
    assert client.get("/api/v1/collections?limit=0").status_code in {400, 422}
    assert client.get("/api/v1/collections?limit=abc").status_code in {400, 422}
    assert client.get("/api/v1/collections/bad%20slug").status_code in {400, 404, 422}


def test_collection_list_paginates(client, heat, django_assert_max_num_queries):
    for n in range(3):
        published_collection(heat, slug=f"c{n}")
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/collections?limit=2&offset=1").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2


@pytest.mark.parametrize("role", ROLES)
def test_film_detail_carries_the_published_editorial_layer_only(client_for, heat, role):
    text = factories.make_film_text(film=heat, tagline="Public line.", publish=True)
    text.tagline = "DRAFT-LINE"
    services.piece_save(piece=text, author=None)
    factories.make_piece(FaqEntry, film=heat, question="DRAFT-Q?", answer="x")
    factories.make_piece(
        FaqEntry, film=heat, question="Public Q?", answer="A.", publish=True
    )
    claim = factories.make_piece(Claim, film=heat, text="Sourced.")
    claim.citations.create(title="Source", url="https://example.org/s")
    services.piece_publish(piece=claim, author=None)
    response = client_for(role).get(f"/api/v1/films/{heat.pk}")
    assert response.status_code == 200
    body = response.json()
    assert "DRAFT" not in response.content.decode()
    editorial = body["editorial"]
    assert editorial["tagline"] == "Public line."
    assert editorial["faq"][0] == {
        "question": "Public Q?",
        "answer_html": "<p>A.</p>",
        "from_data": False,
    }
    assert any(item["question"] == "How long is Heat?" for item in editorial["faq"])
    assert editorial["claims"][0]["sources"][0]["url"] == "https://example.org/s"
    assert editorial["claims"][0]["status"] == "unverified"


def test_film_detail_of_a_film_without_editorial_content(client, heat):
    editorial = client.get(f"/api/v1/films/{heat.pk}").json()["editorial"]
    assert editorial["tagline"] == ""
    assert editorial["complexity"] is None
    assert editorial["advisory"] is None
    assert editorial["claims"] == []
    assert editorial["collections"] == []
    assert [item["from_data"] for item in editorial["faq"]] == [True] * len(
        editorial["faq"]
    )

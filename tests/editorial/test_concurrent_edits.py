"""Two editors, one film: no save through any admin page overwrites newer work.

Every POST here is what a browser sends from the rendered page (textareas with CRLF
line endings, only the fields the page renders), so a version field that the page
forgets to render is missing here too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cinematheque.editorial.content import diff_snapshots
from cinematheque.editorial.models import Complexity, FaqEntry, FilmText, Revision
from tests import factories
from tests.editorial.browser_form import browser_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pieces(heat):
    text = factories.make_film_text(
        film=heat,
        tagline="Original line.",
        synopsis="First paragraph.\n\nSecond paragraph.",
        analysis="One.\n\nTwo.\n\nThree.",
    )
    complexity = factories.make_piece(
        Complexity, film=heat, level=2, note="Easy to follow."
    )
    return text, complexity


def film_page(client: Client, film) -> tuple[str, str]:
    url = reverse("admin:catalogue_film_change", args=[film.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, response.content.decode()


def piece_page(client: Client, piece) -> tuple[str, str]:
    url = reverse(f"admin:editorial_{piece._meta.model_name}_change", args=[piece.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, response.content.decode()


def revisions(piece, kind: str | None = None) -> list[Revision]:
    found = Revision.objects.for_object(piece)
    return list(found.filter(kind=kind) if kind else found)


def test_the_film_page_renders_the_version_each_inline_was_opened_at(
    client_for, heat, pieces
):
    text, complexity = pieces
    _, page = film_page(client_for("editor"), heat)
    data = browser_post_data(page)
    assert data["editorial_text-0-expected_version"] == str(text.version)
    assert data["editorial_complexity-0-expected_version"] == str(complexity.version)


def test_a_stale_inline_save_does_not_replace_a_newer_tagline(client_for, heat, pieces):
    text, _ = pieces
    first, second = client_for("editor"), client_for("editor")
    url, first_page = film_page(first, heat)
    _, second_page = film_page(second, heat)
    saved = first.post(
        url, browser_post_data(first_page, {"editorial_text-0-tagline": "First."})
    )
    assert saved.status_code == 302
    refused = second.post(
        url, browser_post_data(second_page, {"editorial_text-0-tagline": "Second."})
    )
    assert refused.status_code == 200
    assert "were not saved over theirs" in refused.content.decode()
    text.refresh_from_db()
    assert text.tagline == "First."
    kept = revisions(text, "refused")
    assert [r.content["tagline"] for r in kept] == ["Second."]


def test_changing_only_the_complexity_on_a_stale_film_page_keeps_the_newer_tagline(
    client_for, heat, pieces
):
    text, complexity = pieces
    first, second = client_for("editor"), client_for("editor")
    url, first_page = film_page(first, heat)
    _, second_page = film_page(second, heat)
    first.post(url, browser_post_data(first_page, {"editorial_text-0-tagline": "New."}))
    text.refresh_from_db()
    version, history = text.version, len(revisions(text))
    response = second.post(
        url,
        browser_post_data(second_page, {"editorial_complexity-0-note": "Clearer now."}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text.refresh_from_db()
    complexity.refresh_from_db()
    assert text.tagline == "New."
    assert (text.version, len(revisions(text))) == (version, history)
    assert complexity.note == "Clearer now."
    assert revisions(complexity)[0].kind == "saved"


def test_unchanged_inline_forms_do_not_write(client_for, heat, pieces):
    text, complexity = pieces
    faq = factories.make_piece(FaqEntry, film=heat, question="Q?", answer="A.\n\nB.")
    client = client_for("editor")
    url, page = film_page(client, heat)
    before = {p: (p.version, len(revisions(p))) for p in (text, complexity)}
    response = client.post(
        url, browser_post_data(page, {"faq_entries-0-question": "Better Q?"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for piece, state in before.items():
        piece.refresh_from_db()
        assert (piece.version, len(revisions(piece))) == state
    faq.refresh_from_db()
    assert faq.question == "Better Q?"


@pytest.mark.parametrize("where", ["film page", "own page"])
def test_a_save_without_the_version_field_is_refused_and_kept(
    client_for, heat, pieces, where
):
    text, _ = pieces
    client = client_for("editor")
    if where == "film page":
        url, page = film_page(client, heat)
        prefix = "editorial_text-0-"
    else:
        url, page = piece_page(client, text)
        prefix = ""
    data = browser_post_data(
        page, {f"{prefix}tagline": "No version.", f"{prefix}expected_version": None}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    text.refresh_from_db()
    assert text.tagline == "Original line."
    assert [r.content["tagline"] for r in revisions(text, "refused")] == ["No version."]


def test_a_stale_save_on_a_pieces_own_page_is_refused(client_for, heat, pieces):
    text, _ = pieces
    first, second = client_for("editor"), client_for("editor")
    url, first_page = piece_page(first, text)
    _, second_page = piece_page(second, text)
    first.post(url, browser_post_data(first_page, {"tagline": "First."}))
    response = second.post(url, browser_post_data(second_page, {"tagline": "Second."}))
    assert response.status_code == 200
    assert "were not saved over theirs" in response.content.decode()
    text.refresh_from_db()
    assert text.tagline == "First."
    assert revisions(text, "refused")[0].content["tagline"] == "Second."


@pytest.mark.parametrize("where", ["film page", "own page"])
def test_saving_only_the_tagline_records_no_change_to_the_long_texts(
    client_for, heat, pieces, where
):
    text, _ = pieces
    client = client_for("editor")
    if where == "film page":
        url, page = film_page(client, heat)
        prefix = "editorial_text-0-"
    else:
        url, page = piece_page(client, text)
        prefix = ""
    data = browser_post_data(page, {f"{prefix}tagline": "Only this."})
    assert "\r\n" in data[f"{prefix}synopsis"]  # as a browser sends it
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest, previous = revisions(text)[:2]
    changes = diff_snapshots(FilmText, previous.content, latest.content)
    assert [change.field for change in changes] == ["tagline"]
    text.refresh_from_db()
    assert "\r" not in text.synopsis + text.analysis

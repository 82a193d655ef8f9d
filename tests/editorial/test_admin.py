"""The editors' admin: who may see, edit, publish and restore; concurrent edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cinematheque.editorial.models import (
    Claim,
    Collection,
    Conflict,
    FaqEntry,
    FilmText,
    Revision,
    Status,
)
from tests import factories

pytestmark = pytest.mark.django_db

PIECE_MODELS = ("filmtext", "complexity", "advisory", "faqentry", "claim", "collection")


@pytest.mark.parametrize("model", [*PIECE_MODELS, "conflict", "revision"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("editor", 200),
        ("chief", 200),
        ("admin", 200),
    ],
)
def test_editorial_changelists_are_for_editors_only(client_for, model, role, status):
    response = client_for(role).get(reverse(f"admin:editorial_{model}_changelist"))
    assert response.status_code == status
    if status == 302:
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "can_view", "can_edit"),
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("editor", True, True),
        ("chief", True, True),
    ],
)
def test_film_admin_shows_facts_read_only_and_inlines_to_editors(
    client_for, heat, role, can_view, can_edit
):
    response = client_for(role).get(
        reverse("admin:catalogue_film_change", args=[heat.pk])
    )
    if not can_view:
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="editorial_text-0-tagline"' in page  # the text inline is editable
    assert 'name="title"' not in page  # the imported title is read-only
    assert ("_publish_all" in page) is (role == "chief")


def film_text_post_data(text: FilmText, **changes: str) -> dict[str, str]:
    data = {
        "film": str(text.film_id),
        "tagline": text.tagline,
        "synopsis": text.synopsis,
        "analysis": text.analysis,
        "spoilers": text.spoilers,
        "byline": "",
        "byline_expertise": text.byline_expertise,
        "expected_version": str(text.version),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 302), ("editor", 302), ("chief", 302)],
)
def test_saving_a_piece_in_the_admin(client_for, heat, role, status):
    text = factories.make_film_text(film=heat, tagline="Before.")
    url = reverse("admin:editorial_filmtext_change", args=[text.pk])
    response = client_for(role).post(url, film_text_post_data(text, tagline="After."))
    assert response.status_code == status
    text.refresh_from_db()
    saved = role in {"editor", "chief"}
    assert (text.tagline == "After.") is saved
    if saved:
        revision = Revision.objects.for_object(text).first()
        assert revision.kind == "saved"
        assert revision.content["tagline"] == "After."


@pytest.mark.parametrize(("role", "published"), [("editor", False), ("chief", True)])
def test_only_chief_editors_publish_from_the_admin(client_for, heat, role, published):
    text = factories.make_film_text(film=heat)
    url = reverse("admin:editorial_filmtext_change", args=[text.pk])
    response = client_for(role).post(
        url, {**film_text_post_data(text, tagline="Publish me."), "_publish": "1"}
    )
    text.refresh_from_db()
    assert text.live is published
    if not published:
        assert response.status_code == 403


def test_editor_submits_for_review_from_the_admin(client_for, heat):
    text = factories.make_film_text(film=heat)
    url = reverse("admin:editorial_filmtext_change", args=[text.pk])
    client_for("editor").post(url, {**film_text_post_data(text), "_submit": "1"})
    text.refresh_from_db()
    assert text.status == Status.IN_REVIEW


def test_a_concurrent_admin_save_is_refused_with_a_clear_message(client_for, heat):
    text = factories.make_film_text(film=heat, tagline="Original.")
    opened = film_text_post_data(text)  # both editors open the same version
    url = reverse("admin:editorial_filmtext_change", args=[text.pk])
    first = client_for("editor").post(url, {**opened, "tagline": "First save."})
    assert first.status_code == 302
    second = client_for("editor").post(url, {**opened, "tagline": "Second save."})
    assert second.status_code == 200
    page = second.content.decode()
    assert "after you opened it" in page
    assert "were not saved over theirs" in page
    assert "Second save." in page  # the editor's text is still in the form
    text.refresh_from_db()
    assert text.tagline == "First save."
    refused = Revision.objects.for_object(text).get(kind="refused")
    assert refused.content["tagline"] == "Second save."


def test_a_concurrent_save_through_the_film_inline_is_refused(client_for, heat):
    text = factories.make_film_text(film=heat, tagline="Original.")
    client = client_for("editor")
    url = reverse("admin:catalogue_film_change", args=[heat.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = inline_post_data(page, {"editorial_text-0-tagline": "From the film page."})
    text.tagline = "Saved elsewhere meanwhile."
    from cinematheque.editorial import services

    services.piece_save(piece=text, author=None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    text.refresh_from_db()
    assert text.tagline == "Saved elsewhere meanwhile."


def inline_post_data(response, changes: dict[str, str]) -> dict[str, str]:
    """The POST a browser would send from the change form, with some fields changed."""
    form = response.context["adminform"].form
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else str(value)
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        for key, value in fs.management_form.initial.items():
            data[f"{fs.prefix}-{key}"] = str(value)
        for sub in fs.forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if name == "id" and sub.instance.pk:
                    value = sub.instance.pk
                if name == "film" or name.endswith("film"):
                    value = sub.instance.film_id if sub.instance.pk else ""
                if value is None or value is False:
                    continue
                data[sub.add_prefix(name)] = str(value)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", True), ("chief", True), ("member", False)]
)
def test_history_shows_diffs_and_restore_works(client_for, heat, role, allowed):
    text = factories.make_film_text(film=heat, tagline="Version one.")
    first = Revision.objects.for_object(text).get()
    text.tagline = "Version two."
    from cinematheque.editorial import services

    services.piece_save(piece=text, author=None)
    client = client_for(role)
    history = client.get(reverse("admin:editorial_filmtext_history", args=[text.pk]))
    restore = client.post(
        reverse("admin:editorial_filmtext_restore", args=[text.pk, first.pk])
    )
    text.refresh_from_db()
    if allowed:
        page = history.content.decode()
        assert "<del>one.</del>" in page
        assert "<ins>two.</ins>" in page
        assert restore.status_code == 302
        assert text.tagline == "Version one."
    else:
        assert history.status_code == 302
        assert restore.status_code == 302
        assert text.tagline == "Version two."


@pytest.mark.parametrize(("role", "deleted"), [("editor", False), ("chief", True)])
def test_only_chief_editors_delete_pieces(client_for, heat, role, deleted):
    entry = factories.make_piece(FaqEntry, film=heat, question="Q?", answer="A.")
    client_for(role).post(
        reverse("admin:editorial_faqentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert FaqEntry.objects.filter(pk=entry.pk).exists() is not deleted


def test_conflict_queue_lets_a_chief_editor_resolve(client_for, heat):
    from cinematheque.editorial import services

    conflict = services.conflict_open(
        film=heat,
        subject="Detective's surname",
        options=[
            {"value": "Hanna", "origin": "Credits"},
            {"value": "Hannah", "origin": "Summaries"},
        ],
        author=None,
    )
    chosen = conflict.options.get(value="Hanna")
    url = reverse("admin:editorial_conflict_change", args=[conflict.pk])
    editor_page = client_for("editor").get(url).content.decode()
    assert 'name="chosen_option"' not in editor_page
    chief = client_for("chief")
    page = chief.get(url)
    data = inline_post_data(
        page, {"chosen_option": str(chosen.pk), "decision_note": "Credits."}
    )
    response = chief.post(url, data)
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.RESOLVED
    assert conflict.chosen_value == "Hanna"
    film_page = client_for("anonymous").get(heat.get_absolute_url()).content.decode()
    assert "Where sources disagree" in film_page
    assert "<strong>Hanna</strong>" in film_page


def test_collection_admin_saves_items_with_a_revision(client_for, heat):
    client = client_for("chief")
    response = client.post(
        reverse("admin:editorial_collection_add"),
        {
            "title": "Night films",
            "slug": "night-films",
            "introduction": "After dark.",
            "byline": "",
            "byline_expertise": "",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-order": "1",
            "items-0-film": str(heat.pk),
            "items-0-note": "The city at night.",
            "_publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    collection = Collection.objects.get(slug="night-films")
    assert collection.live
    assert collection.live_content["items"][0]["note"] == "The city at night."
    assert Revision.objects.for_object(collection).first().kind == "published"


def test_claim_admin_keeps_sources_in_the_revision(client_for, heat):
    claim = factories.make_piece(Claim, film=heat, text="Shot downtown.")
    client = client_for("editor")
    url = reverse("admin:editorial_claim_change", args=[claim.pk])
    page = client.get(url)
    data = inline_post_data(
        page,
        {
            "citations-0-title": "Heat (1995 film)",
            "citations-0-publisher": "Wikipedia",
            "citations-0-url": "https://en.wikipedia.org/wiki/Heat_(1995_film)",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = Revision.objects.for_object(claim).first()
    assert revision.content["citations"][0]["title"] == "Heat (1995 film)"

"""Workflow services: every state change leaves a revision; concurrent saves are
refused without losing the refused text; restore brings back any revision."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cinematheque.editorial import services
from cinematheque.editorial.content import diff_snapshots
from cinematheque.editorial.models import (
    Claim,
    Conflict,
    FilmText,
    Revision,
    Status,
)
from tests import factories

pytestmark = pytest.mark.django_db


def kinds(piece) -> list[str]:
    return list(
        Revision.objects.for_object(piece).order_by("id").values_list("kind", flat=True)
    )


def test_publish_freezes_a_rendered_copy_and_records_who_published(heat):
    chief = factories.make_user(role="chief")
    text = factories.make_film_text(film=heat, analysis="Some *emphasis*.")
    services.piece_publish(piece=text, author=chief)
    text.refresh_from_db()
    assert text.live
    assert text.status == Status.PUBLISHED
    assert text.live_content["analysis_html"] == "<p>Some <em>emphasis</em>.</p>"
    assert text.first_published_at is not None
    published = Revision.objects.for_object(text).filter(kind="published").get()
    assert published.author == chief
    assert kinds(text) == ["created", "published"]


def test_editing_a_published_piece_keeps_the_public_copy_until_republished(heat):
    text = factories.make_film_text(film=heat, tagline="Old line.", publish=True)
    text.tagline = "New line."
    services.piece_save(piece=text, author=None)
    text.refresh_from_db()
    assert text.live_content["tagline"] == "Old line."
    assert text.has_unpublished_changes
    assert text.status == Status.DRAFT
    services.piece_publish(piece=text, author=None)
    text.refresh_from_db()
    assert text.live_content["tagline"] == "New line."


def test_an_editors_save_of_demo_content_makes_it_their_own(heat):
    text = factories.make_film_text(film=heat, tagline="Demo line.", publish=True)
    FilmText.objects.filter(pk=text.pk).update(is_demo=True)
    text.refresh_from_db()
    text.tagline = "The system's line."
    services.piece_save(piece=text, author=None)  # the demo loader, say
    text.refresh_from_db()
    assert text.is_demo
    text.tagline = "Our editor's line."
    services.piece_save(piece=text, author=factories.make_user(role="editor"))
    services.piece_publish(piece=text, author=None)
    text.refresh_from_db()
    assert not text.is_demo
    assert text.live_content["is_demo"] is False


def test_unpublish_withdraws_the_public_copy_and_keeps_the_text(heat):
    text = factories.make_film_text(film=heat, tagline="Kept.", publish=True)
    services.piece_unpublish(piece=text, author=None)
    text.refresh_from_db()
    assert not text.live
    assert text.live_content is None
    assert text.tagline == "Kept."
    assert kinds(text)[-1] == "unpublished"


def test_editor_cannot_publish_or_unpublish(heat):
    editor = factories.make_user(role="editor")
    text = factories.make_film_text(film=heat)
    with pytest.raises(PermissionDenied, match="publish"):
        services.piece_publish(piece=text, author=editor)
    services.piece_publish(piece=text, author=None)
    with pytest.raises(PermissionDenied):
        services.piece_unpublish(piece=text, author=editor)


def test_submitting_for_review_marks_the_piece_in_review(heat):
    editor = factories.make_user(role="editor")
    text = factories.make_film_text(film=heat)
    services.piece_submit(piece=text, author=editor)
    text.refresh_from_db()
    assert text.status == Status.IN_REVIEW
    assert FilmText.objects.awaiting_review().filter(pk=text.pk).exists()


def test_restore_brings_back_an_old_revision_as_a_draft(heat):
    editor = factories.make_user(role="editor")
    text = factories.make_film_text(film=heat, tagline="First version.", publish=True)
    first = Revision.objects.for_object(text).get(kind="created")
    text.tagline = "Second version."
    services.piece_save(piece=text, author=editor)
    services.revision_restore(revision=first, author=editor)
    text.refresh_from_db()
    assert text.tagline == "First version."
    assert text.status == Status.DRAFT
    assert kinds(text)[-1] == "restored"
    # the version that was replaced is still in the history
    assert (
        Revision.objects.for_object(text)
        .filter(content__tagline="Second version.")
        .exists()
    )


def test_restore_puts_back_child_rows(heat):
    claim = factories.make_piece(Claim, film=heat, text="Sourced claim.")
    claim.citations.create(title="Source A", url="https://example.org/a")
    services.piece_record_edit(piece=claim, author=None, created=False)
    with_source = Revision.objects.for_object(claim).first()
    claim.citations.all().delete()
    services.piece_record_edit(piece=claim, author=None, created=False)
    services.revision_restore(revision=with_source, author=None)
    assert list(claim.citations.values_list("title", flat=True)) == ["Source A"]


def test_a_concurrent_save_is_refused_and_the_refused_text_is_kept(heat):
    alice = factories.make_user(role="editor", first_name="Alice")
    bob = factories.make_user(role="editor", first_name="Bob")
    text = factories.make_film_text(film=heat, tagline="Original.")
    alices_copy = FilmText.objects.get(pk=text.pk)
    bobs_copy = FilmText.objects.get(pk=text.pk)
    bobs_copy.tagline = "Bob's line."
    services.piece_save(piece=bobs_copy, author=bob)
    alices_copy.tagline = "Alice's line."
    with pytest.raises(
        services.EditConflictError, match="after you opened it"
    ) as error:
        services.piece_save(piece=alices_copy, author=alice)
    text.refresh_from_db()
    assert text.tagline == "Bob's line."
    refused = error.value.refused
    assert refused.kind == Revision.Kind.REFUSED
    assert refused.content["tagline"] == "Alice's line."
    assert refused.author == alice


def test_revision_diff_is_readable_and_escaped():
    changes = diff_snapshots(
        FilmText,
        {"tagline": "A quiet <b>film</b>.", "analysis": "same"},
        {"tagline": "A loud <b>film</b>.", "analysis": "same"},
    )
    assert [change.field for change in changes] == ["tagline"]
    html = str(changes[0].html)
    assert "<del>quiet</del>" in html
    assert "<ins>loud</ins>" in html
    assert "&lt;b&gt;film&lt;/b&gt;." in html


def test_resolving_a_conflict_records_the_decision_and_disputes_the_losing_claim(heat):
    chief = factories.make_user(role="chief")
    loser = factories.make_piece(
        Claim, film=heat, text="First film with both.", publish=True
    )
    conflict = services.conflict_open(
        film=heat,
        subject="First film with both actors",
        options=[
            {"value": "Heat", "origin": "Claim", "claim": loser},
            {"value": "The Godfather Part II", "origin": "Cast list"},
        ],
        author=None,
    )
    chosen = conflict.options.get(value="The Godfather Part II")
    services.conflict_resolve(
        conflict=conflict, chosen=chosen, note="Both in it.", author=chief
    )
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.RESOLVED
    assert conflict.resolved_by == chief
    assert conflict.decision["rejected"] == [{"value": "Heat", "origin": "Claim"}]
    loser.refresh_from_db()
    assert loser.verification == Claim.Verification.DISPUTED
    assert loser.live_content["shown_verification"] == "disputed"
    assert Revision.objects.for_object(conflict).get().kind == "resolved"


def test_editor_cannot_resolve_a_conflict(heat):
    conflict = services.conflict_open(
        film=heat,
        subject="Runtime",
        options=[{"value": "170", "origin": "a"}, {"value": "171", "origin": "b"}],
        author=None,
    )
    with pytest.raises(PermissionDenied):
        services.conflict_resolve(
            conflict=conflict,
            chosen=conflict.options.first(),
            note="",
            author=factories.make_user(role="editor"),
        )


def test_an_imported_value_can_be_disputed_by_an_editor(heat):
    conflict = services.conflict_open_for_field(
        film=heat, field="runtime", editorial_value="171", origin="Editor", author=None
    )
    assert sorted(conflict.options.values_list("value", flat=True)) == ["170", "171"]


def test_a_claim_without_sources_is_shown_as_unverified(heat, client):
    factories.make_piece(
        Claim, film=heat, text="Unsourced.", verification="verified", publish=True
    )
    page = client.get(heat.get_absolute_url()).content.decode()
    assert 'claim-status--unverified">Unverified' in page


def test_grant_editorial_role_makes_a_user_an_editor(db):
    import io

    from django.core.management import call_command

    from cinematheque.members.models import User

    user = User.objects.create_user("alice", password="pw")
    call_command(
        "grant_editorial_role", "alice", role="chief", name="Alice M.",
        expertise="noir", stdout=io.StringIO(),
    )  # fmt: skip
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("editorial.publish_content")
    assert user.editor_profile.display_name == "Alice M."

"""What an editor sees when saving through the admin, on the demo content: each
message says whether the save made a draft or published it, a save changes only the
pieces the editor changed (a browser's CRLF line endings are no change), and the
actions are one short row of buttons."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse

from cinematheque.editorial.content import diff_snapshots
from cinematheque.editorial.models import (
    PIECE_MODELS,
    Claim,
    Collection,
    Complexity,
    FaqEntry,
    FilmText,
    Revision,
)
from tests.editorial.browser_form import browser_post_data

pytestmark = pytest.mark.django_db

GENERIC = "was changed successfully"


@pytest.fixture
def demo_heat(heat):
    """Heat with every kind of demo piece (published), plus the two collections."""
    call_command("load_editorial_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert FilmText.objects.filter(film=heat, live=True).exists()
    return heat


def film_url(film) -> str:
    return reverse("admin:catalogue_film_change", args=[film.pk])


def piece_url(piece) -> str:
    return reverse(f"admin:editorial_{piece._meta.model_name}_change", args=[piece.pk])


def post_from_page(
    client: Client, url: str, changes: dict[str, str | None]
) -> tuple[int, list[str]]:
    """Open the page, submit its form as a browser would; the status and messages."""
    page = client.get(url).content.decode()
    response = client.post(url, browser_post_data(page, changes), follow=True)
    return response.status_code, [str(m) for m in response.context["messages"]]


def versions() -> dict[tuple[str, int], int]:
    return {
        (model.__name__, pk): version
        for model in PIECE_MODELS
        for pk, version in model.objects.values_list("pk", "version")
    }


def submit_buttons(html: str) -> list[str]:
    row = html[html.index('<div class="submit-row">') :]
    row = row[: row.index("</div>")]
    return re.findall(r'<input type="submit"[^>]*value="([^"]+)"', row)


def test_saving_only_the_tagline_on_the_film_page_changes_no_other_piece(
    client_for, demo_heat
):
    text = FilmText.objects.get(film=demo_heat)
    assert "\n\n" in text.synopsis + text.analysis + text.spoilers
    # every other piece's long text has paragraphs too (sent back with CRLF)
    FaqEntry.objects.update(answer=Concat("answer", Value("\n\nMore.")))
    Claim.objects.update(text=Concat("text", Value("\n\nMore.")))
    Complexity.objects.update(note=Concat("note", Value("\n\nMore.")))
    before = versions()
    revisions_before = Revision.objects.count()
    status, _ = post_from_page(
        client_for("editor"),
        film_url(demo_heat),
        {"editorial_text-0-tagline": "Only this line changes."},
    )
    assert status == 200
    after = versions()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {("FilmText", text.pk)}
    assert Revision.objects.count() == revisions_before + 1
    latest, previous = Revision.objects.for_object(text)[:2]
    changes = diff_snapshots(FilmText, previous.content, latest.content)
    assert [change.field for change in changes] == ["tagline"]


def test_saving_only_a_collections_title_records_only_the_title(client_for, demo_heat):
    collection = Collection.objects.get(slug="crime-cinema-the-essentials")
    assert "\n\n" in collection.introduction
    status, _ = post_from_page(
        client_for("editor"), piece_url(collection), {"title": "Crime: the essentials"}
    )
    assert status == 200
    latest, previous = Revision.objects.for_object(collection)[:2]
    changes = diff_snapshots(Collection, previous.content, latest.content)
    assert [change.field for change in changes] == ["title"]


@pytest.mark.parametrize(
    ("role", "button", "message"),
    [
        (
            "editor",
            {},
            "Saved as a draft (film text): visitors still see the published copy "
            "until a chief editor publishes it.",
        ),
        (
            "editor",
            {"_submit": "Save and submit for review"},
            "Saved and submitted for review: a chief editor publishes it.",
        ),
        (
            "chief",
            {"_publish": "Save and publish"},
            "Published: visitors now see this version.",
        ),
        (
            "chief",
            {"_unpublish": "Unpublish"},
            "Unpublished: visitors no longer see this piece.",
        ),
    ],
)
def test_a_pieces_own_page_says_whether_the_save_is_a_draft_or_published(
    client_for, demo_heat, role, button, message
):
    text = FilmText.objects.get(film=demo_heat)
    status, said = post_from_page(
        client_for(role), piece_url(text), {"tagline": "A new line.", **button}
    )
    assert status == 200
    assert said == [message]  # and not Django's generic "changed successfully"


def test_a_stale_publish_says_not_published_and_nothing_else(client_for, demo_heat):
    text = FilmText.objects.get(film=demo_heat)
    chief, other = client_for("chief"), client_for("editor")
    page = chief.get(piece_url(text)).content.decode()
    post_from_page(other, piece_url(text), {"synopsis": "Someone else's synopsis."})
    data = browser_post_data(page, {"_publish": "Save and publish"})
    response = chief.post(piece_url(text), data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Not published: this piece changed after you opened it. Read the newest "
        "version below, then publish it."
    ]
    text.refresh_from_db()
    assert text.live_content["synopsis"] != "Someone else's synopsis."
    assert not Revision.objects.for_object(text).filter(kind="refused").exists()


def test_the_origin_of_a_piece_is_shown_not_edited(client_for, demo_heat):
    """Whether a piece is demo content follows who wrote it: an editor's save makes
    it theirs; no checkbox can call an editor's text demo content."""
    text = FilmText.objects.get(film=demo_heat)
    client = client_for("editor")
    page = client.get(piece_url(text)).content.decode()
    assert 'name="is_demo"' not in page
    status, _ = post_from_page(
        client, piece_url(text), {"tagline": "Mine now.", "is_demo": "on"}
    )
    assert status == 200
    text.refresh_from_db()
    assert not text.is_demo


def test_the_film_page_says_draft_then_published(client_for, demo_heat):
    chief = client_for("chief")
    _, said = post_from_page(
        chief, film_url(demo_heat), {"editorial_text-0-tagline": "Drafted line."}
    )
    assert said == [
        "Saved as a draft (film text): visitors still see the published copy until "
        "a chief editor publishes it."
    ]
    _, said = post_from_page(
        chief, film_url(demo_heat), {"_publish_all": "Save and publish every piece"}
    )
    assert said == ["Published: visitors now see every piece of this film (1 updated)."]
    _, said = post_from_page(
        chief, film_url(demo_heat), {"_publish_all": "Save and publish every piece"}
    )
    assert said == ["Nothing to publish: visitors already see every piece."]


def test_the_film_page_has_one_short_row_of_actions(client_for, demo_heat):
    url = film_url(demo_heat)
    chief_page = client_for("chief").get(url).content.decode()
    editor_page = client_for("editor").get(url).content.decode()
    assert submit_buttons(chief_page) == ["Save", "Save and publish every piece"]
    assert submit_buttons(editor_page) == ["Save"]
    assert "Preview drafts" in chief_page
    text = FilmText.objects.get(film=demo_heat)
    assert submit_buttons(
        client_for("chief").get(piece_url(text)).content.decode()
    ) == [
        "Save draft",
        "Save and publish",
        "Unpublish",
    ]
    assert submit_buttons(
        client_for("editor").get(piece_url(text)).content.decode()
    ) == ["Save draft", "Save and submit for review"]


@pytest.mark.parametrize(
    ("role", "action", "message"),
    [
        (
            "editor",
            "submit_selected",
            "0 submitted for review: a chief editor publishes them.",
        ),
        ("chief", "publish_selected", "3 published: visitors now see them."),
        ("chief", "unpublish_selected", "3 unpublished: visitors no longer see them."),
    ],
)
def test_bulk_actions_say_what_visitors_see(
    client_for, demo_heat, role, action, message
):
    faq = list(FaqEntry.objects.filter(film=demo_heat).values_list("pk", flat=True))
    response = client_for(role).post(
        reverse("admin:editorial_faqentry_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in faq]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [message]

"""The editorial sections of the film page: published content only, previews for
editors, and a page that reads well without any editorial content."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from cinematheque.catalogue.models import FilmRelation
from cinematheque.editorial import services
from cinematheque.editorial.models import (
    Advisory,
    Citation,
    Claim,
    Collection,
    CollectionItem,
    Complexity,
    FaqEntry,
)
from tests import factories

pytestmark = pytest.mark.django_db


def publish_everything(film) -> None:
    factories.make_film_text(
        film=film,
        publish=True,
        tagline="Two professionals and one city.",
        synopsis="A thief and a detective circle each other.",
        analysis="Mann cares about *procedure*.",
        spoilers="The airport ending is a farewell.",
        byline_expertise="crime cinema",
    )
    factories.make_piece(
        Complexity, film=film, level=2, note="Long but linear.", publish=True
    )
    factories.make_piece(
        Advisory,
        film=film,
        summary="Contains: strong violence",
        minimum_age=15,
        violence_severity="severe",
        violence_note="A long street gunfight.",
        publish=True,
    )
    factories.make_piece(
        FaqEntry,
        film=film,
        question="Is Heat based on a true story?",
        answer="Partly, yes.",
        publish=True,
    )
    claim = Claim(film=film, text="Shot on location downtown.", verification="verified")
    services.piece_save(piece=claim, author=None)
    Citation.objects.create(
        claim=claim,
        title="Heat (1995 film)",
        publisher="Wikipedia",
        url="https://en.wikipedia.org/wiki/Heat_(1995_film)",
    )
    services.piece_publish(piece=claim, author=None)
    collection = Collection(slug="crime-essentials", title="Crime: the essentials")
    services.piece_save(piece=collection, author=None)
    CollectionItem.objects.create(collection=collection, film=film, order=1)
    services.piece_publish(piece=collection, author=None)


def test_film_page_shows_every_published_editorial_section(client, heat):
    publish_everything(heat)
    page = client.get(heat.get_absolute_url()).content.decode()
    assert "Two professionals and one city." in page
    assert "A thief and a detective circle each other." in page
    assert "Mann cares about <em>procedure</em>." in page
    assert '<details class="spoilers">' in page
    assert "The airport ending is a farewell." in page
    assert "crime cinema" in page
    assert "Layered" not in page
    assert "Moderate" in page
    assert "Contains: strong violence" in page
    assert "Suggested age 15+" in page
    assert "A long street gunfight." in page
    assert "Is Heat based on a true story?" in page
    assert "Shot on location downtown." in page
    assert "https://en.wikipedia.org/wiki/Heat_(1995_film)" in page
    assert 'href="/collections/crime-essentials/"' in page


def test_film_page_without_editorial_content_answers_questions_from_data(client, heat):
    page = client.get(heat.get_absolute_url()).content.decode()
    for question in (
        "How long is Heat?",
        "Who directed Heat?",
        "What is Heat rated?",
        "Is there a sequel to Heat?",
    ):
        assert question in page
    assert "Heat runs 170 minutes" in page
    assert "Michael Mann" in page
    assert "Heat is rated R" in page
    assert "No analysis has been written for this film yet." in page
    assert "Not assessed yet." in page
    assert "No content advisory yet." in page
    assert "None" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)


def test_faq_is_marked_up_as_schema_org_faqpage(client, heat):
    factories.make_piece(
        FaqEntry, film=heat, question="Is it long?", answer="Yes.", publish=True
    )
    page = client.get(heat.get_absolute_url()).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S
    )
    faq = [json.loads(block) for block in blocks if "FAQPage" in block]
    assert len(faq) == 1
    questions = [item["name"] for item in faq[0]["mainEntity"]]
    assert questions[0] == "Is it long?"
    assert "How long is Heat?" in questions
    assert faq[0]["mainEntity"][0]["acceptedAnswer"]["text"] == "Yes."


def test_sequel_question_is_answered_from_film_relations(client, heat):
    sequel = factories.make_film(title="Heat 2", year=2026, slug="heat-2-2026")
    FilmRelation.objects.create(
        from_film=sequel, to_film=heat, kind=FilmRelation.Kind.SEQUEL_TO
    )
    page = client.get(heat.get_absolute_url()).content.decode()
    assert "Yes: " in page
    assert "Heat 2 (2026)</a> followed Heat." in page


def test_drafts_never_appear_on_the_film_page(client, heat):
    text = factories.make_film_text(film=heat, tagline="DRAFT-TAGLINE-MARKER")
    factories.make_piece(FaqEntry, film=heat, question="DRAFT-QUESTION", answer="x")
    factories.make_piece(Claim, film=heat, text="DRAFT-CLAIM")
    factories.make_piece(Complexity, film=heat, level=5, note="DRAFT-COMPLEXITY")
    page = client.get(heat.get_absolute_url()).content.decode()
    for marker in (
        "DRAFT-TAGLINE-MARKER",
        "DRAFT-QUESTION",
        "DRAFT-CLAIM",
        "DRAFT-COMPLEXITY",
    ):
        assert marker not in page
    assert text.live is False


def test_a_new_draft_of_a_published_piece_does_not_replace_the_public_copy(
    client, heat
):
    text = factories.make_film_text(film=heat, tagline="Published line.", publish=True)
    text.tagline = "Unpublished rewrite."
    services.piece_save(piece=text, author=None)
    page = client.get(heat.get_absolute_url()).content.decode()
    assert "Published line." in page
    assert "Unpublished rewrite." not in page


def test_unpublished_piece_disappears_from_the_page(client, heat):
    text = factories.make_film_text(film=heat, tagline="Soon withdrawn.", publish=True)
    services.piece_unpublish(piece=text, author=None)
    assert "Soon withdrawn." not in client.get(heat.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("editor", 200),
        ("chief", 200),
        ("admin", 200),
    ],
)
def test_only_editors_can_preview_drafts(client_for, heat, role, status):
    factories.make_film_text(film=heat, tagline="PREVIEW-ONLY-TAGLINE")
    response = client_for(role).get(reverse("editorial:film_preview", args=[heat.slug]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "PREVIEW-ONLY-TAGLINE" in page
        assert "Preview." in page
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")
    else:
        assert b"PREVIEW-ONLY-TAGLINE" not in response.content


def test_preview_looks_like_the_published_page(client_for, heat):
    text = factories.make_film_text(film=heat, analysis="Same **render**.")
    preview = (
        client_for("editor")
        .get(reverse("editorial:film_preview", args=[heat.slug]))
        .content.decode()
    )
    services.piece_publish(piece=text, author=None)
    public = client_for("anonymous").get(heat.get_absolute_url()).content.decode()
    fragment = "<p>Same <strong>render</strong>.</p>"
    assert fragment in preview
    assert fragment in public


def test_film_page_query_count_does_not_grow_with_editorial_content(
    client, heat, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the render's queries
    client.get(heat.get_absolute_url())  # warm caches (content types, lists)
    with django_assert_max_num_queries(40) as without:
        client.get(heat.get_absolute_url())
    publish_everything(heat)
    for n in range(5):
        factories.make_piece(
            FaqEntry, film=heat, question=f"Q{n}?", answer="A.", publish=True
        )
    with django_assert_max_num_queries(40) as with_content:
        client.get(heat.get_absolute_url())
    assert len(with_content.captured_queries) == len(without.captured_queries)


def test_claim_sources_link_only_web_addresses_and_say_when_they_were_read(
    client, heat
):
    claim = Claim(film=heat, text="Shot downtown.", verification="verified")
    services.piece_save(piece=claim, author=None)
    Citation.objects.create(
        claim=claim,
        title="<b>Call sheets</b>",
        url="javascript:alert(1)",
        accessed_on=datetime.date(2024, 3, 5),
    )
    Citation.objects.create(
        claim=claim,
        title="Heat (1995 film)",
        publisher="Wikipedia",
        url="https://en.wikipedia.org/wiki/Heat_(1995_film)",
    )
    services.piece_publish(piece=claim, author=None)
    page = client.get(heat.get_absolute_url()).content.decode()
    assert (
        "Sources:\n          <cite>&lt;b&gt;Call sheets&lt;/b&gt;</cite>"
        " (accessed 5 Mar 2024); <cite><a href="
        '"https://en.wikipedia.org/wiki/Heat_(1995_film)" '
        'rel="nofollow noopener noreferrer">Heat (1995 film)</a></cite>, Wikipedia'
        "</span>"
    ) in page
    assert "javascript:" not in page


def test_first_three_questions_are_open_and_data_answers_say_so(client, heat):
    for n in range(2):
        factories.make_piece(
            FaqEntry, film=heat, question=f"Q{n} <i>?", answer="Yes.", publish=True
        )
    page = client.get(heat.get_absolute_url()).content.decode()
    items = re.findall(
        r"<details class=\"faq__item\"( open)?>(.*?)</details>", page, re.S
    )
    assert [bool(is_open) for is_open, _ in items[:4]] == [True, True, True, False]
    assert '<summary class="faq__question">Q0 &lt;i&gt;?</summary>' in items[0][1]
    assert "faq__origin" not in items[0][1] + items[1][1]
    assert all('<p class="faq__origin">' in body for _, body in items[2:])


def test_one_list_of_questions_where_the_editors_answer_wins(client, heat):
    factories.make_piece(
        FaqEntry,
        film=heat,
        question="How long is Heat?",
        answer="Long, and worth every minute.",
        publish=True,
    )
    page = client.get(heat.get_absolute_url()).content.decode()
    assert page.count('<summary class="faq__question">How long is Heat?</summary>') == 1
    assert "Long, and worth every minute." in page
    assert "Heat runs 170 minutes" not in page
    assert "Who directed Heat?" in page  # the catalogue's other questions follow
    assert page.count("Questions and answers</h2>") == 1
    assert page.index('id="faq"') < page.index('id="faq-from-data"')

"""Collections pages, the home page, the Atom feed and the sitemap show published
editorial content only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cinematheque.editorial import services
from cinematheque.editorial.models import Collection
from tests import factories

pytestmark = pytest.mark.django_db


def make_collection(film, *, slug: str, title: str, publish: bool) -> Collection:
    collection = Collection(
        slug=slug, title=title, introduction=f"About {title}.", featured=True
    )
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=film, order=1, note=f"Why in {title}.")
    if publish:
        services.piece_publish(piece=collection, author=None)
        collection.refresh_from_db()
    return collection


def test_collection_page_lists_its_films_in_order_with_notes(client, heat):
    other = factories.make_film(title="Collateral", year=2004, slug="collateral-2004")
    collection = make_collection(heat, slug="mann", title="Mann's LA", publish=False)
    collection.items.create(film=other, order=0, note="First.")
    services.piece_publish(piece=collection, author=None)
    page = client.get("/collections/mann/").content.decode()
    assert "<h1>Mann&#39;s LA</h1>" in page
    assert page.index("Collateral") < page.index("Heat")
    assert "Why in Mann&#39;s LA." in page
    assert "Curated by the cinematheque editorial team" in page


def test_draft_collection_is_not_public(client, heat):
    make_collection(heat, slug="secret", title="SECRET-COLLECTION", publish=False)
    assert client.get("/collections/secret/").status_code == 404
    for url in ("/collections/", "/", heat.get_absolute_url(), "/feeds/editorial.atom"):
        assert b"SECRET-COLLECTION" not in client.get(url).content


def test_collection_edits_stay_private_until_republished(client, heat):
    collection = make_collection(heat, slug="crime", title="Crime", publish=True)
    collection.title = "RENAMED-IN-DRAFT"
    services.piece_save(piece=collection, author=None)
    collection.items.all().delete()
    page = client.get("/collections/crime/").content.decode()
    assert "RENAMED-IN-DRAFT" not in page
    assert "Heat" in page
    assert "/collections/crime/" in client.get(heat.get_absolute_url()).content.decode()


def test_unpublished_collection_leaves_the_film_page(client, heat):
    collection = make_collection(heat, slug="gone", title="Gone soon", publish=True)
    services.piece_unpublish(piece=collection, author=None)
    assert b"/collections/gone/" not in client.get(heat.get_absolute_url()).content


@pytest.mark.parametrize("role", ["anonymous", "member", "editor", "chief"])
def test_collection_preview_is_for_editors_only(client_for, heat, role):
    make_collection(heat, slug="draft", title="DRAFT-COLL", publish=False)
    response = client_for(role).get(
        reverse("editorial:collection_preview", args=["draft"])
    )
    expected = {"anonymous": 302, "member": 403}.get(role, 200)
    assert response.status_code == expected
    assert (b"DRAFT-COLL" in response.content) is (expected == 200)


def test_home_page_features_published_collections(client, heat):
    make_collection(heat, slug="home", title="On the home page", publish=True)
    page = client.get("/").content.decode()
    assert "On the home page" in page
    assert 'href="/collections/home/"' in page


def test_every_page_advertises_the_atom_feed(client, heat):
    for url in ("/", heat.get_absolute_url(), "/collections/"):
        page = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in page
        assert 'href="/feeds/editorial.atom"' in page


def test_feed_lists_published_pieces_and_no_drafts(client, heat):
    factories.make_film_text(film=heat, tagline="Published hook.", publish=True)
    draft_film = factories.make_film(title="Unpublished film")
    factories.make_film_text(film=draft_film, tagline="DRAFT-HOOK")
    make_collection(heat, slug="pub", title="Published list", publish=True)
    response = client.get("/feeds/editorial.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Heat (1995): Published hook." in feed
    assert "Collection: Published list" in feed
    assert "DRAFT-HOOK" not in feed


def test_feed_shows_the_published_copy_not_a_newer_draft(client, heat):
    text = factories.make_film_text(film=heat, tagline="Public hook.", publish=True)
    text.tagline = "NEWER-DRAFT"
    services.piece_save(piece=text, author=None)
    feed = client.get("/feeds/editorial.atom").content.decode()
    assert "Public hook." in feed
    assert "NEWER-DRAFT" not in feed


def test_sitemap_lists_published_collections_only(client, heat):
    make_collection(heat, slug="listed", title="Listed", publish=True)
    make_collection(heat, slug="unlisted", title="Unlisted", publish=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "collections" in index
    section = client.get(
        reverse("pages:sitemap_section", args=["collections"])
    ).content.decode()
    assert "/collections/listed/" in section
    assert "/collections/unlisted/" not in section


def test_collection_list_is_empty_politely(client):
    page = client.get("/collections/").content.decode()
    assert "The editors have not published a collection yet." in page

"""The film admin belongs to catalogue; other apps extend it without catalogue
importing them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from cinematheque.catalogue import admin as catalogue_admin
from cinematheque.catalogue.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

ABOVE_CATALOGUE = (
    "cinematheque.editorial",
    "cinematheque.recommendations",
    "cinematheque.members",
    "cinematheque.watch",
    "cinematheque.search",
    "cinematheque.api",
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_film_admin_is_registered_by_catalogue():
    registered = admin.site._registry[Film]
    assert type(registered) is catalogue_admin.FilmAdmin


def test_the_catalogue_admin_imports_no_app_above_catalogue():
    imported = _imported_modules(Path(catalogue_admin.__file__))
    assert not [name for name in imported if name.startswith(ABOVE_CATALOGUE)]


def test_an_extension_adds_its_inlines_actions_and_links(client, rf):
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    chief = factories.make_user(role="chief")
    client.force_login(chief)
    page = client.get(reverse("admin:catalogue_film_change", args=[film.pk]))
    html = page.content.decode()
    assert 'name="editorial_text-0-tagline"' in html  # editorial's inline
    assert 'name="_publish_all"' in html  # editorial's action, for a chief editor
    assert "/preview/" in html  # editorial's link
    assert 'name="_addanother"' not in html  # fewer buttons


def test_without_extensions_the_film_admin_shows_the_facts_only(
    admin_client, monkeypatch
):
    monkeypatch.setattr(catalogue_admin.FilmAdmin, "extensions", [])
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    page = admin_client.get(reverse("admin:catalogue_film_change", args=[film.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="title"' in html
    assert "editorial_text" not in html

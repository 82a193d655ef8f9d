"""The public pages render through Jinja2 (Django's jinja2 backend); the admin keeps
Django's template language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template import engines
from django.template.backends.jinja2 import Template as Jinja2Template
from django.template.base import Template as DjangoTemplate
from django.test import Client
from django.test.signals import template_rendered

from cinematheque.editorial import services
from cinematheque.editorial.models import Collection
from cinematheque.templating import app_filters, public_form_renderer
from tests import factories

PUBLIC_PAGES = [
    "/",
    "/films/heat-1995/",
    "/films/?genre=crime&decade=1990",
    "/people/al-pacino/",
    "/genres/",
    "/genres/crime/",
    "/collections/",
    "/collections/mann/",
    "/search/?q=heat",
    "/about/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/members/viewer/",
    "/api/v1/docs",
    "/no/such/page/",
]


@pytest.fixture
def site(db) -> None:
    crime = factories.make_genre("Crime")
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    heat.genres.add(crime)
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino")
    factories.make_credit(film=heat, person=pacino, order=0)
    collection = Collection(slug="mann", title="Mann's Los Angeles", featured=True)
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=heat, order=1, note="The city at night.")
    services.piece_publish(piece=collection, author=None)
    factories.make_user(username="viewer")


@pytest.fixture
def rendered() -> Iterator[list[Any]]:
    """Every template rendered while the test runs (the test client's signal)."""
    templates: list[Any] = []

    def keep(sender: Any, template: Any, **kwargs: Any) -> None:
        templates.append(template)

    template_rendered.connect(keep)
    yield templates
    template_rendered.disconnect(keep)


def is_django_form_widget(template: Any) -> bool:
    """Django renders form fields with its own templates (the form renderer): the
    public pages' forms on the Jinja2 renderer's own engine, others on Django's."""
    if isinstance(template, DjangoTemplate):
        return template.name.startswith("django/forms/")
    return template.backend is public_form_renderer().engine and (
        template.origin.template_name.startswith("django/forms/")
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_renders_through_jinja2(client, site, rendered, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    html = response.content.decode()
    # A method Django's language would have called, left uncalled in Jinja2.
    assert "bound method" not in html
    assert " object at 0x" not in html
    assert rendered, f"{path} rendered no template"
    pages = [template for template in rendered if not is_django_form_widget(template)]
    assert pages, path
    assert all(isinstance(template, Jinja2Template) for template in pages), [
        getattr(template, "name", template) for template in pages
    ]
    assert all(template.backend.name == "jinja2" for template in pages)


def test_the_admin_renders_with_django_templates(site, rendered):
    client = Client()
    client.force_login(factories.make_user(role="admin"))
    response = client.get("/admin/catalogue/film/")
    assert response.status_code == 200
    names = [template.name for template in rendered]
    assert "admin/change_list.html" in names
    assert all(isinstance(template, DjangoTemplate) for template in rendered)


def test_the_public_templates_escape_and_autoescape_cannot_be_turned_off():
    engine = engines["jinja2"]
    assert engine.env.autoescape is True  # type: ignore[attr-defined]
    html = engine.from_string("<p>{{ title }}</p>").render({"title": "<b>Heat</b>"})
    assert html == "<p>&lt;b&gt;Heat&lt;/b&gt;</p>"


def test_a_missing_value_renders_as_nothing_even_through_a_filter():
    engine = engines["jinja2"]
    source = "[{{ film.director.name }}][{{ count|pluralize }}][{{ film|runtime }}]"
    assert engine.from_string(source).render({}) == "[][][Not known]"
    comparison = "{% if page.paginator.num_pages > 1 %}pages{% else %}one{% endif %}"
    assert engine.from_string(comparison).render({}) == "one"


def test_each_apps_formatters_are_filters_of_the_environment():
    filters = engines["jinja2"].env.filters  # type: ignore[attr-defined]
    assert {"runtime", "budget", "stars", "clock", "safe_url"} <= set(app_filters())
    assert filters["stars"](9) == "★★★★½"
    assert filters["intcomma"](17472) == "17,472"

"""Sections registered by apps, assembled once per page, rendered in slot order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template import engines

from cinematheque.pages import registry
from cinematheque.pages.assembly import CONTEXT_NAME, assemble, load_section
from cinematheque.pages.registry import DuplicateSection, Section, sections_of
from tests import factories

# The home page also has the sections the apps register (read from the database).
pytestmark = pytest.mark.django_db
calls: list[Any] = []


def shared_loader(subject: Any, *, preview: bool = False) -> dict[str, Any]:
    calls.append(subject)
    return {"who": subject, "preview": preview}


@pytest.fixture
def home_sections() -> Iterator[list[Section]]:
    """Three home-page sections of a pretend app, removed after the test."""
    calls.clear()
    sections = [
        Section(
            name=f"test-{name}",
            page="home",
            slot="test-slot",
            order=order,
            template=f"pages/tests/{name}.html",
            load=shared_loader,
            personal=name == "mine",
        )
        for name, order in (("second", 20), ("first", 10), ("mine", 5))
    ]
    for section in sections:
        registry.register(section)
    yield sections
    for section in sections:
        registry.unregister("home", section.name)


@pytest.fixture
def section_templates(settings, tmp_path) -> None:
    folder = tmp_path / "pages" / "tests"
    folder.mkdir(parents=True)
    (folder / "first.html").write_text("[first {{ who }} {{ title }}]")
    (folder / "second.html").write_text("[second {{ who }}]")
    (folder / "mine.html").write_text("[mine]")
    jinja2 = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**jinja2, "DIRS": [tmp_path, *jinja2["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]


def render(source: str, **context: Any) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_sections_come_in_slot_order(home_sections):
    names = [section.name for section in sections_of("home", slot="test-slot")]
    assert names == ["test-mine", "test-first", "test-second"]


def test_a_second_section_of_the_same_name_is_refused(home_sections):
    with pytest.raises(DuplicateSection, match="already has a section 'test-first'"):
        registry.register(
            Section(name="test-first", page="home", slot="x", order=1, template="x")
        )


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError, match="Unknown page 'shop'"):
        registry.register(
            Section(name="x", page="shop", slot="x", order=1, template="x")
        )


def test_sections_sharing_a_loader_load_once_and_personal_ones_not_at_all(
    home_sections,
):
    assembled = assemble("home", "Heat")
    assert calls == ["Heat"]
    assert set(assembled.contexts) >= {"test-first", "test-second"}
    assert "test-mine" not in assembled.contexts


def test_render_slot_renders_each_section_over_the_page_context(
    home_sections, section_templates
):
    html = render(
        '{{ render_slot("test-slot") }}',
        title="<Page>",
        **{CONTEXT_NAME: assemble("home", "Heat")},
    )
    assert html == "[first Heat &lt;Page&gt;][second Heat]"


def test_render_slot_as_a_variable_is_empty_when_nothing_shows(
    home_sections, section_templates
):
    source = '{% set html = render_slot("other")|trim %}{% if html %}X{% else %}none{% endif %}'
    assert render(source, **{CONTEXT_NAME: assemble("home", None)}) == "none"


def test_render_slot_without_an_assembled_page_renders_nothing():
    assert render('{{ render_slot("main") }}') == ""


def test_one_section_can_be_loaded_alone(home_sections):
    assert load_section("home", "test-first", "Heat", preview=True) == {
        "who": "Heat",
        "preview": True,
    }


def test_every_app_section_of_the_film_page_is_discovered():
    names = {section.name for section in sections_of("film")}
    assert {"heading", "facts", "cast", "sources"} <= names  # catalogue
    assert {"tagline", "faq", "trivia", "curation"} <= names  # editorial
    assert "dont-forget-to-watch" in names  # recommendations
    assert "where-to-start" in {section.name for section in sections_of("person")}


@pytest.fixture
def without_where_to_start() -> Iterator[None]:
    section = registry.section_named("person", "where-to-start")
    registry.unregister("person", "where-to-start")
    yield
    registry.register(section)


def test_person_page_shows_known_for_when_no_app_contributes_a_section(
    client, without_where_to_start
):
    person = factories.make_person(name="Al Pacino")
    for title in ("Heat", "Serpico"):
        factories.make_credit(film=factories.make_film(title=title), person=person)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Known for" in page
    assert "Where to start" not in page


def test_person_page_shows_where_to_start_in_place_of_known_for(client):
    person = factories.make_person(name="Al Pacino")
    for title in ("Heat", "Serpico"):
        factories.make_credit(film=factories.make_film(title=title), person=person)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Where to start" in page
    assert "Known for" not in page

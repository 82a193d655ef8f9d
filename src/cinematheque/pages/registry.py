"""The sections that pages are made of, registered by the apps that own them.

A page (the film page, a person's page, the home page, the about page) is an ordered
list of sections. Each app says what it contributes in a `sections.py` module,
discovered when Django starts like `admin.py` is (see `PagesConfig.ready()`):

    # editorial/sections.py
    from cinematheque.pages.registry import Section, register

    register(Section(name="faq", page="film", slot="main", order=60,
                     template="editorial/sections/faq.html", load=film_editorial))

The page owner renders its slots with `{% render_slot "main" %}` and never imports the
apps that contribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

PAGES = ("film", "person", "home", "about")

Loader = Callable[..., Mapping[str, Any]]
"""`load(subject, *, preview)` → the section's template context. `subject` is what the
page is about (for the film page, catalogue.page.FilmPage; for a person page, the
Person; for the home and about pages, None); `preview` asks for editors' working
copies. Sections that share a loader share its result: it runs once per page."""


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    page: str
    """One of PAGES."""
    slot: str
    """Where the page template puts it: `{% render_slot slot %}`."""
    order: int
    """Position in the slot, smallest first."""
    template: str
    load: Loader | None = None
    """None for a section that shows only what the page itself provides."""
    personal: bool = False
    """Whether it depends on who is looking: left out of the page everybody shares."""
    within_limit: Callable[[Mapping[str, Any], Any], Mapping[str, Any]] | None = None
    """`within_limit(context, limit)`: the section's context without what a member's
    content limit (catalogue.certifications.ContentLimit) hides, for a page
    rendered for that member. None: every list in the context loses the films the
    limit hides (`sections_within_limit`)."""


class DuplicateSection(ValueError):
    pass


_sections: dict[str, dict[str, Section]] = {page: {} for page in PAGES}


def register(section: Section) -> Section:
    """Add a section to its page; a second section of the same name is an error (two
    apps claiming one place), not a silent replacement."""
    if section.page not in _sections:
        raise ValueError(f"Unknown page {section.page!r}: pages are {PAGES}.")
    known = _sections[section.page]
    if section.name in known and known[section.name] != section:
        raise DuplicateSection(
            f"The {section.page} page already has a section {section.name!r}."
        )
    known[section.name] = section
    return section


def unregister(page: str, name: str) -> None:
    """Remove a section (tests; an app replacing another's section)."""
    _sections[page].pop(name, None)


def sections_of(page: str, *, slot: str | None = None) -> list[Section]:
    """The page's sections (of one slot, if given), in slot order."""
    sections: Iterable[Section] = _sections[page].values()
    if slot is not None:
        sections = [section for section in sections if section.slot == slot]
    return sorted(sections, key=lambda section: (section.order, section.name))


def section_named(page: str, name: str) -> Section:
    """The page's section called `name`; LookupError when no app registered it."""
    try:
        return _sections[page][name]
    except KeyError:
        raise LookupError(f"The {page} page has no section {name!r}.") from None


def autodiscover() -> None:
    """Import the `sections` module of every installed app that has one."""
    autodiscover_modules("sections")

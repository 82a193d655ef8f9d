"""Runs the loaders of a page's sections and renders its slots.

`assemble(page, subject)` calls each section's loader once (sections that share a
loader share its result) and returns an `AssembledPage`; the page template places it
with `{{ render_slot("main") }}` (pages/slots.py), which renders the slot's
sections in order, each with its own context on top of the page's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cinematheque.pages.registry import Loader, Section, section_named, sections_of

CONTEXT_NAME = "page_sections"
"""The page template's variable that holds the AssembledPage."""
JSONLD_KEY = "page_jsonld"
"""A section's context may hold, under this name, properties that the page adds to
its own JSON-LD object (the members' `aggregateRating` on the film's Movie): the
page owner adds them without importing the app that knows them."""


@dataclass
class AssembledPage:
    page: str
    subject: Any
    preview: bool = False
    contexts: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    """Each section's context, by section name."""
    _results: dict[Loader, Mapping[str, Any]] = field(default_factory=dict)

    def result(self, load: Loader) -> Mapping[str, Any]:
        """What `load` returns for this page's subject, run at most once per page."""
        result = self._results.get(load)
        if result is None:
            result = self._results[load] = load(self.subject, preview=self.preview)
        return result

    def sections(self, slot: str) -> list[tuple[Section, Mapping[str, Any]]]:
        """The slot's sections with their contexts, in order."""
        return [
            (section, self.contexts[section.name])
            for section in sections_of(self.page, slot=slot)
            if section.name in self.contexts
        ]

    def jsonld_properties(self) -> dict[str, Any]:
        """What the shown sections add to the page's JSON-LD object (JSONLD_KEY)."""
        properties: dict[str, Any] = {}
        for context in self.contexts.values():
            properties.update(context.get(JSONLD_KEY) or {})
        return properties

    def context(self, name: str) -> Mapping[str, Any]:
        """The context of the section called `name` (KeyError if it is not shown)."""
        return self.contexts[name]


def assemble(page: str, subject: Any, *, preview: bool = False) -> AssembledPage:
    """Load every section of `page` that is the same for everyone who looks at it.

    Personal sections are left out: they are filled in beside the shared page."""
    assembled = AssembledPage(page=page, subject=subject, preview=preview)
    for section in sections_of(page):
        if section.personal:
            continue
        assembled.contexts[section.name] = (
            assembled.result(section.load) if section.load is not None else {}
        )
    return assembled


def load_section(
    page: str, name: str, subject: Any, *, preview: bool = False
) -> Mapping[str, Any]:
    """One section's context, read by its own loader: what a page shows of `subject`
    for other readers of the same data (the JSON API)."""
    section = section_named(page, name)
    return section.load(subject, preview=preview) if section.load is not None else {}

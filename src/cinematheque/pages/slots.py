"""`{{ render_slot("main") }}`: the sections of a page's slot, in order.

`{% set intro = render_slot("intro")|trim %}` keeps the HTML in a variable instead
(empty when no section of the slot had anything to show), for a page that shows
something else in its place. A global of the Jinja2 environment
(`cinematheque.templating`)."""

from __future__ import annotations

from typing import Any

from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cinematheque.pages.assembly import CONTEXT_NAME, AssembledPage


@pass_context
def render_slot(context: Context, slot: str) -> Markup:
    """Each section of the slot rendered with its template, its own values on top of
    the page's (as an include would see them)."""
    assembled: AssembledPage | None = context.get(CONTEXT_NAME)
    if assembled is None:
        return Markup("")
    environment = context.environment
    page_values = context.get_all()  # the environment's globals included
    parts = [
        _render_shared(
            environment.get_template(section.template), {**page_values, **values}
        )
        for section, values in assembled.sections(slot)
    ]
    # Each part was rendered by an autoescaping template: it is HTML already.
    return Markup("".join(parts))  # noqa: S704


def _render_shared(template: Template, values: dict[str, Any]) -> str:
    """`template.render(values)` without copying `values` and the globals into a new
    dict first (`values` is the section's own copy, globals included): a film page
    renders some twenty-five sections."""
    context = template.new_context(values, shared=True)
    try:
        return template.environment.concat(template.root_render_func(context))
    except Exception:
        return template.environment.handle_exception()

"""`{% load pages %}{% render_slot "main" %}`: the sections of a page's slot.

`{% render_slot "intro" as intro %}` keeps the HTML in a variable instead (empty when
no section of the slot had anything to show), for a page that shows something else
in its place."""

from __future__ import annotations

from typing import cast

from django import template
from django.template.base import Parser, Template, Token
from django.template.context import Context
from django.utils.safestring import SafeString

from cinematheque.pages.assembly import CONTEXT_NAME, AssembledPage

register = template.Library()


class RenderSlotNode(template.Node):
    def __init__(
        self, slot: template.base.FilterExpression, target: str | None = None
    ) -> None:
        self.slot = slot
        self.target = target

    def render(self, context: Context) -> SafeString:
        assembled: AssembledPage | None = context.get(CONTEXT_NAME)
        if assembled is None:
            return SafeString("")
        engine = cast(Template, context.template).engine
        parts = []
        for section, values in assembled.sections(self.slot.resolve(context)):
            # Like {% include %}: the section's own values on top of the page's.
            with context.push(values):
                parts.append(engine.get_template(section.template).render(context))
        html = SafeString("".join(parts))
        if self.target is None:
            return html
        context[self.target] = SafeString(html.strip())
        return SafeString("")


@register.tag
def render_slot(parser: Parser, token: Token) -> RenderSlotNode:
    """`{% render_slot "main" %}`: each section of the slot, in order."""
    bits = token.split_contents()
    if len(bits) == 2:
        return RenderSlotNode(parser.compile_filter(bits[1]))
    if len(bits) == 4 and bits[2] == "as":
        return RenderSlotNode(parser.compile_filter(bits[1]), bits[3])
    raise template.TemplateSyntaxError(
        f'{bits[0]} takes the slot, and "as name" to keep the HTML in a variable: '
        f'{{% {bits[0]} "main" %}}, {{% {bits[0]} "intro" as intro %}}'
    )

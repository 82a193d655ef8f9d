"""Markdown to safe HTML, for editors' text and members' reviews.

It lives outside both apps so that editorial and members each import it (neither
imports the other).

markdown-it-py (already installed with rich) parses CommonMark with raw HTML turned
off; nh3 then keeps only an allow-list of tags, attributes and URL schemes, so neither
Markdown nor HTML typed by an editor can inject script, styles or event handlers.
Headings are shifted down two levels so an editor's `#` never competes with the page's
own <h1>/<h2>.
"""

from __future__ import annotations

import html
from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
HEADING_SHIFT = 2


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.disable("image")  # no hotlinked images: the site never loads remote content

    def shifted_heading(renderer, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + HEADING_SHIFT, 6)
        tokens[idx].tag = f"h{level}"
        return renderer.renderToken(tokens, idx, options, env)

    parser.add_render_rule("heading_open", shifted_heading)
    parser.add_render_rule("heading_close", shifted_heading)
    return parser


def sanitise_html(raw: str) -> str:
    """Keep only the allow-listed tags; links get rel="nofollow noopener noreferrer"."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown as sanitised HTML (a plain str, safe to mark safe)."""
    if not text or not text.strip():
        return ""
    return sanitise_html(_parser().render(text)).strip()


def render_markdown_safe(text: str) -> SafeString:
    return mark_safe(render_markdown(text))


def html_to_text(fragment: str) -> str:
    """Plain text of a sanitised fragment (for JSON-LD, feeds and search)."""
    stripped = nh3.clean(fragment, tags=set(), attributes={})
    return " ".join(html.unescape(stripped).split())

"""Reading pages as a person would: the text of an element, the content of a tag."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}
# Elements that start a new line for a reader: their text never runs together.
BLOCKS = {"address", "article", "aside", "dd", "div", "dl", "dt", "footer", "form"}
BLOCKS |= {"h1", "h2", "h3", "h4", "header", "li", "main", "nav", "ol", "p"}
BLOCKS |= {"section", "table", "td", "th", "tr", "ul", "br", "option", "label"}


class _ElementText(HTMLParser):
    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth and tag in BLOCKS:
            self.parts.append(" ")
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.found = True
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in BLOCKS:
            self.parts.append(" ")
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def element_text(html: str, element_id: str) -> str:
    """The visible text inside the element with this id, whitespace collapsed;
    AssertionError when the page has no such element."""
    parser = _ElementText(element_id)
    parser.feed(html)
    assert parser.found, f"no element with id={element_id!r}"
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def page_text(html: str) -> str:
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    return [json.loads(block) for block in blocks]


def meta_content(html: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, f"no <meta {attribute}={name!r}>"
    return match.group(1)


def link_href(html: str, rel: str) -> str:
    match = re.search(rf'<link rel="{re.escape(rel)}" href="([^"]*)"', html)
    assert match, f"no <link rel={rel!r}>"
    return match.group(1)

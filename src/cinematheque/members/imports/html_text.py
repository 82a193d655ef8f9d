"""Letterboxd reviews and list descriptions are HTML fragments (`<b>`, `<i>`, links,
`<blockquote>`, `<br>`). Reviews here are Markdown rendered with raw HTML off and
sanitised, so the fragment becomes the Markdown it means; any other tag is dropped
with its text kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~"}
_BLANK_LINES = re.compile(r"\n{3,}")


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.quote_start: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if href.startswith(("http://", "https://")) else "")
            self.parts.append("[" if self.links[-1] else "")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"p", "div"}:
            self.parts.append("\n\n")
        elif tag == "blockquote":
            self.parts.append("\n\n")
            self.quote_start.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.parts.append(f"]({href})" if href else "")
        elif tag in {"p", "div"}:
            self.parts.append("\n\n")
        elif tag == "blockquote" and self.quote_start:
            start = self.quote_start.pop()
            quoted = "".join(self.parts[start:]).strip()
            del self.parts[start:]
            self.parts.append("\n".join(f"> {line}" for line in quoted.split("\n")))
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_markdown(fragment: str) -> str:
    """The Markdown for an HTML fragment; plain text (and Markdown) comes back as it
    was, apart from character references, which are decoded."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.replace("\r\n", "\n").strip()
    parser = _ToMarkdown()
    parser.feed(fragment.replace("\r\n", "\n"))
    parser.close()
    return _BLANK_LINES.sub("\n\n", "".join(parser.parts)).strip()

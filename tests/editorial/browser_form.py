"""What a browser would POST from an admin change form: the rendered HTML, parsed.

The admin tests post this rather than the form objects' fields, so a field the page
forgets to render (such as the version an editor opened) is missing here too. Textareas
are sent with CRLF line endings, as browsers do.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr: dict[str, Any] = dict(attrs)
        if tag == "form" and attr.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form or "disabled" in attr:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = (attr.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            self.fields.append(
                (name, attr.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((attr.get("value") or "", "selected" in attr))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text).removeprefix("\n")
            self.fields.append((self._textarea, text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None


def browser_post_data(
    html: str, changes: dict[str, str] | None = None
) -> dict[str, str]:
    """The fields a browser submits from the page's POST form, with some changed.

    A name in `changes` whose value is None is left out, as a client that omits it.
    """
    parser = _FormParser()
    parser.feed(html)
    data = {name: value for name, value in parser.fields if "__prefix__" not in name}
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data

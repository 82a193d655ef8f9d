"""Hostile Markdown and HTML from editors renders harmless on every public surface."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from cinematheque.editorial import services
from cinematheque.editorial.markdown import render_markdown
from cinematheque.editorial.models import Citation, Claim, Collection, FaqEntry
from tests import factories

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<style>body{display:none}</style>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "[x](  javascript:alert(1)  )",
    '<a href="http://ok.example" onclick="alert(1)">ok</a>',
    "`<script>alert(1)</script>`",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "</textarea><script>alert(1)</script>",
]

DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "form", "input",
    "meta", "base", "body", "link", "textarea", "noscript", "button",
}  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#")


class ElementAudit(HTMLParser):
    """Collects what a browser would actually build from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "data", "formaction"}:
                url = (value or "").strip().lower()
                if not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{tag}[{name}={value!r}]")


def assert_harmless(html: str) -> None:
    audit = ElementAudit()
    audit.feed(html)
    audit.close()
    assert not audit.problems, f"dangerous markup {audit.problems} in {html!r}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_harmless(payload):
    assert_harmless(render_markdown(payload))
    assert_harmless(render_markdown(f"Some text\n\n{payload}\n\n**bold** {payload}"))


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown(
        "# Title\n\n*em* **strong** [link](https://example.org)\n\n- a\n- b"
    )
    assert "<h3>Title</h3>" in html
    assert "<em>em</em> <strong>strong</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert "<ul>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_editorial_text_is_harmless_on_the_film_page(client, heat, payload):
    factories.make_film_text(
        film=heat,
        tagline=payload,
        synopsis=payload,
        analysis=payload,
        spoilers=payload,
        byline_expertise=payload,
        publish=True,
    )
    factories.make_piece(
        FaqEntry, film=heat, question=payload, answer=payload, publish=True
    )
    claim = factories.make_piece(Claim, film=heat, text=payload)
    Citation.objects.create(
        claim=claim, title=payload, publisher=payload, url=payload[:200]
    )
    services.piece_publish(piece=claim, author=None)
    page = client.get(heat.get_absolute_url()).content.decode()
    # Only look at what the editorial sections render, not the rest of the page.
    sections = "".join(
        re.findall(
            r'<(?:section|div)[^>]+id="(?:tagline|synopsis|analysis|faq|trivia|curation)".*?</(?:section|div)>',
            page,
            flags=re.S,
        )
    )
    assert sections
    sections = re.sub(
        r'<script type="application/ld\+json">.*?</script>', "", sections, flags=re.S
    )
    assert_harmless(sections)


@pytest.mark.django_db
def test_faq_json_ld_cannot_close_its_script_element(client, heat):
    factories.make_piece(
        FaqEntry,
        film=heat,
        question="</script><script>alert(1)</script>",
        answer="x",
        publish=True,
    )
    page = client.get(heat.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in page


@pytest.mark.django_db
def test_hostile_collection_text_is_harmless(client, heat):
    payload = "<img src=x onerror=alert(1)>[x](javascript:alert(1))"
    collection = Collection(slug="hostile", title=payload, introduction=payload)
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=heat, order=1, note=payload)
    services.piece_publish(piece=collection, author=None)
    page = client.get("/collections/hostile/").content.decode()
    main = page.split('<main id="main"', 1)[1]
    assert_harmless(main)
    feed = client.get("/feeds/editorial.atom").content.decode()
    assert "<img src=x" not in feed

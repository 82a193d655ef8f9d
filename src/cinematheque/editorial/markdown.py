"""Editorial text uses the site's shared Markdown renderer (cinematheque/markdown.py)."""

from cinematheque.markdown import (
    html_to_text,
    render_markdown,
    render_markdown_safe,
    sanitise_html,
)

__all__ = ["html_to_text", "render_markdown", "render_markdown_safe", "sanitise_html"]

"""Published editorial text per film, for a search indexer to add to a film's document.

Only published copies are read, so drafts can never become searchable. The search app
has no hook for extra text yet; when it has one, it can call `published_text(...)`
while building documents and re-index a film after `piece_publish`/`piece_unpublish`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cinematheque.editorial.markdown import html_to_text
from cinematheque.editorial.models import Claim, FaqEntry, FilmText

_TEXT_KEYS = ("tagline", "question", "text")
_HTML_KEYS = ("synopsis_html", "analysis_html", "spoilers_html", "answer_html")


def _readable(content: dict) -> list[str]:
    parts = [str(content.get(key) or "") for key in _TEXT_KEYS]
    parts += [html_to_text(content.get(key) or "") for key in _HTML_KEYS]
    return [part for part in parts if part]


def published_text(film_ids: Iterable[int]) -> dict[int, str]:
    """Film id -> the readable text of its published editorial pieces (three queries)."""
    ids = list(film_ids)
    found: dict[int, list[str]] = defaultdict(list)
    for model in (FilmText, FaqEntry, Claim):
        rows = (
            model.objects.live()
            .filter(film_id__in=ids)
            .order_by()
            .values_list("film_id", "live_content")
        )
        for film_id, content in rows:
            found[film_id] += _readable(content)
    return {film_id: " ".join(parts) for film_id, parts in found.items()}

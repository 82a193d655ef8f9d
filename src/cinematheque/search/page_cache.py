"""Search pages for the whole-page cache (discovered by `PagesConfig.ready()`). The
index's write services forget them (`search.services`), since the index is written
in bulk, after the transaction that changed the catalogue commits."""

from __future__ import annotations

from cinematheque.pages.cache import SEARCH, register_cached_page

register_cached_page("search:results", lambda request: [SEARCH])
register_cached_page("search:suggest", lambda request: [SEARCH])

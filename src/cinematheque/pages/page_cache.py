"""The site shell's pages in the whole-page cache: the about page (its counts and
sources change with the lists), robots.txt and the sitemaps, forgotten when a film,
person or collection changes (`sitemaps`)."""

from __future__ import annotations

from cinematheque.pages.cache import LISTS, SITEMAPS, register_cached_page

register_cached_page("pages:about", lambda request: [LISTS])
register_cached_page("pages:robots", lambda request: [])
register_cached_page("pages:sitemap", lambda request: [SITEMAPS])
register_cached_page("pages:sitemap_section", lambda request, section: [SITEMAPS])

"""What members' data changes on cached pages (discovered by `PagesConfig.ready()`).

The ratings services name the film pages they change themselves (their counter
updates are `.update()` calls, which send no signals); these receivers cover a save
anywhere else (the admin, a shell).
"""

from __future__ import annotations

from django.http import HttpRequest

from cinematheque.members.models import RatingSummary
from cinematheque.pages.cache import (
    forget_on_change,
    page_cache_forget,
    register_member_check,
)


def rating_summary_changed(summary: RatingSummary) -> None:
    """The film page shows the member average, count and histogram."""
    page_cache_forget(films=[summary.film_id])


forget_on_change(RatingSummary, rating_summary_changed)


def without_content_limit(request: HttpRequest) -> bool:
    """A member whose content limit hides films never gets the shared copy of a
    page: what they may see is decided when the page is rendered for them."""
    return not getattr(request.user, "content_limit", "")


register_member_check(without_content_limit)

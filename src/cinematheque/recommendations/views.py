"""/me/for-you/: the signed-in member's recommendations, each with its reason."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.recommendations.for_you import for_you

PAGE_LENGTH = 24
WATCHLIST_LENGTH = 12


@login_required
@require_safe
def for_you_page(request: HttpRequest) -> HttpResponse:
    limit = content_limit_for(request)
    suggestions = for_you(
        user=request.user,  # type: ignore[arg-type]
        limit=PAGE_LENGTH,
        content_limit=limit,
    )
    from_watchlist = for_you(
        user=request.user,  # type: ignore[arg-type]
        limit=WATCHLIST_LENGTH,
        content_limit=limit,
        watchlist=True,
    )
    return render(
        request,
        "recommendations/for_you.html",
        {
            "suggestions": suggestions,
            "from_watchlist": from_watchlist,
            "content_limit": limit,
        },
    )

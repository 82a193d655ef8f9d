"""GET /me/recommendations: the signed-in member's "For you" list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from cinematheque.api.caching import private_answer
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.for_you import RecommendationsIn, RecommendationsOut
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.recommendations.for_you import for_you

router = Router(tags=["me"], auth=member_auth)
router.add_decorator(private_answer, mode="view")


@router.get(
    "",
    response={200: RecommendationsOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="listMyRecommendations",
    url_name="me_recommendations",
    summary="List films recommended for me",
    description=(
        "Films for the member from their own ratings and diary, best first, each "
        "with the film it comes from: similar-film evidence (shared director, "
        "leads, genre and era) and, once enough members rated the same films, how "
        "they rated them. Films the member rated, logged, watched or listed are "
        "left out (`watchlist=true` ranks the watchlist instead), and so are films "
        "above the account's content limit."
    ),
)
def list_my_recommendations(
    request: HttpRequest, params: Query[RecommendationsIn]
) -> dict[str, Any]:
    result = for_you(
        user=member_of(request),
        limit=params.limit,
        offset=params.offset,
        content_limit=content_limit_for(request),
        watchlist=params.watchlist,
    )
    return {
        "count": result.total,
        "limit": params.limit,
        "offset": params.offset,
        "items": result.items,
    }

"""GET/PUT /me/services: the streaming services the member subscribes to, which
the `on_my_services` filter of the film lists reads (watch/subscriptions/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError, Throttled

from cinematheque.api.caching import private_answer
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.me_services import ServicesIn, ServicesOut
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.members.ratelimit import client_key, hit
from cinematheque.watch.subscriptions.regions import region_for
from cinematheque.watch.subscriptions.services import (
    logo_urls,
    member_services,
    member_services_set,
    provider_choices,
)

router = Router(tags=["me"], auth=member_auth)
router.add_decorator(private_answer, mode="view")

WRITE_LIMIT = {"limit": 30, "window": 60}
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 429: ErrorOut}


def _services(request: HttpRequest) -> dict[str, Any]:
    member = member_of(request)
    region = region_for(request)
    declared = list(member_services(member))
    logos = logo_urls([service.provider_id for service in declared])
    return {
        "region": region,
        "items": [
            {
                "provider_id": service.provider_id,
                "provider": service.provider,
                "logo_url": logos.get(service.provider_id, ""),
            }
            for service in declared
        ],
        "available": [
            {
                "provider_id": provider.provider_id,
                "provider": provider.name,
                "logo_url": provider.logo_url,
            }
            for provider in provider_choices(region)
        ],
    }


@router.get(
    "",
    response={200: ServicesOut, **ERRORS},
    operation_id="listMyServices",
    url_name="me_services",
    summary="List my streaming services",
    description=(
        "The services I subscribe to, and those I can choose from in my region."
    ),
)
def list_services(request: HttpRequest) -> dict[str, Any]:
    return _services(request)


@router.put(
    "",
    response={200: ServicesOut, **ERRORS},
    operation_id="setMyServices",
    url_name="me_services_set",
    summary="Set my streaming services",
    description=(
        "Replace my services with these provider ids (an empty list drops them "
        "all). 400 naming the ids that no streaming offer has."
    ),
)
def set_services(request: HttpRequest, payload: ServicesIn) -> dict[str, Any]:
    retry_after = hit("api-services", client_key(request), **WRITE_LIMIT)
    if retry_after:
        raise Throttled(wait=retry_after)
    try:
        member_services_set(user=member_of(request), provider_ids=payload.provider_ids)
    except ValueError as refused:
        raise HttpError(400, str(refused)) from None
    return _services(request)

"""Which country's offers a member's services are matched against."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def region_for(request: HttpRequest) -> str:
    """The member's region, else the operator's default (`CINEMATHEQUE_REGION`)."""
    user = getattr(request, "user", None)
    region = getattr(user, "region", "") if user is not None else ""
    return (region or settings.CINEMATHEQUE_REGION).upper()

"""Shapes of /me/services: the streaming services the member subscribes to."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from cinematheque.watch.subscriptions.services import (
    MAX_PROVIDER_ID_LENGTH,
    MAX_SERVICES,
)


class ServiceOut(Schema):
    provider_id: str = Field(description="TMDB's watch provider id, e.g. '8'.")
    provider: str = Field(description="The service's name, e.g. 'Netflix'.")
    logo_url: str = Field(
        description="The service's logo on TMDB's image server, or ''."
    )


class ServicesOut(Schema):
    region: str = Field(
        description="The country (ISO 3166-1) whose offers `on_my_services` reads."
    )
    items: list[ServiceOut] = Field(description="My services, by name.")
    available: list[ServiceOut] = Field(
        description="The services with streaming offers in `region`, in TMDB's order."
    )


class ServicesIn(Schema):
    provider_ids: list[str] = Field(
        max_length=MAX_SERVICES,
        description=(
            "Every service I subscribe to (TMDB provider ids); those left out are "
            "dropped. An id no streaming offer has is refused with 400."
        ),
        json_schema_extra={
            "items": {"type": "string", "maxLength": MAX_PROVIDER_ID_LENGTH}
        },
    )

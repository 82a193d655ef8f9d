"""Shapes of GET /films/{slug}/watch-offers: where to watch a film in a region."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class WatchOfferOut(Schema):
    provider: str = Field(description="The service's name, e.g. 'Netflix'.")
    provider_id: str = Field(description="TMDB's id of the service.")
    logo_url: str = Field(description="The service's logo on TMDB's image server.")
    link: str = Field(
        description="TMDB's watch page of the film in the region (TMDB asks for "
        "this link rather than deep links into the service)."
    )
    display_priority: int | None = Field(
        description="TMDB's rank of the service in the region; 1 first."
    )


class WatchOfferGroupOut(Schema):
    kind: str = Field(description="flatrate, free, ads, rent or buy.")
    label: str = Field(description="As the film page shows it: 'Stream', 'Rent'…")
    offers: list[WatchOfferOut] = Field(description="By TMDB's display priority.")


class WatchOffersOut(Schema):
    film: str = Field(description="The film's slug.")
    region: str = Field(description="ISO 3166-1 code of the region, e.g. 'FR'.")
    country: str = Field(description="The region's English name, e.g. 'France'.")
    state: str = Field(
        description=(
            "`offers`: offers in the region; `none_here`: fetched, none in the "
            "region; `not_fetched`: the film has a TMDB id, offers never fetched; "
            "`no_tmdb`: the film has no TMDB id to fetch offers by."
        )
    )
    fetched_at: datetime.datetime | None = Field(
        description="When the offers (of every region) were fetched from TMDB."
    )
    link: str = Field(description="TMDB's watch page of the film in the region.")
    groups: list[WatchOfferGroupOut] = Field(
        description="Stream, Free, With ads, Rent, Buy, in that order, non-empty ones."
    )
    regions: list[str] = Field(
        description="The regions with offers for this film (and `region`)."
    )
    attribution: str = Field(description="Whose data it is: 'Data by JustWatch'.")

"""The "on my services" filter of film lists: a film is on the member's services
when it has a streaming offer (subscription, free or with ads) in the member's
region from one of the services they declared."""

from __future__ import annotations

from typing import cast

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from cinematheque.catalogue.film_filters import PersonalFilmFilter
from cinematheque.members.models import User
from cinematheque.watch.models import MemberService
from cinematheque.watch.subscriptions.regions import region_for
from cinematheque.watch.subscriptions.services import has_services, streaming_offers

NAME = "on_my_services"


def on_my_services(request: HttpRequest, film_field: str) -> Q:
    """The rows whose film (`film_field`) one of the member's services streams in
    their region; the member is signed in (film_filters checks it)."""
    member = cast(User, request.user)  # signed in: film_filters checks it first
    services = MemberService.objects.filter(user=member).values("provider_id")
    offers = streaming_offers().filter(
        film_id=OuterRef(film_field),
        country=region_for(request),
        provider_id__in=services,
    )
    return Q(Exists(offers))


def member_has_services(request: HttpRequest) -> bool:
    return request.user.is_authenticated and has_services(request.user)


ON_MY_SERVICES = PersonalFilmFilter(
    name=NAME,
    label="On my services",
    condition=on_my_services,
    available=member_has_services,
    setup_url_name="watch:services",
    setup_label="Choose your streaming services",
    setup_message=(
        "“On my services” shows only the films you can stream on the services "
        "you subscribe to: choose them first."
    ),
    description=(
        "Only films that one of the member's streaming services offers (by "
        "subscription, free or with ads) in the member's region. Needs a member "
        "(API token or signed-in browser)."
    ),
)

"""A small catalogue with films of three certifications, and members with a
content limit: shared by the content-limit tests (fixtures in conftest.py)."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client
from django.utils import timezone

from cinematheque.members.content_limit import content_limit_set
from cinematheque.people.models import Credit
from cinematheque.recommendations.models import Recommendation
from cinematheque.search.services import search_rebuild
from tests import factories


def make_catalogue() -> SimpleNamespace:
    """Heat (R), Babe (G) and Thief (unknown), all crime films by Michael Mann."""
    crime = factories.make_genre("Crime")
    heat = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", certification="R", notability=80
    )
    babe = factories.make_film(
        title="Babe", year=1995, slug="babe-1995", certification="G", notability=60
    )
    thief = factories.make_film(
        title="Thief", year=1981, slug="thief-1981", certification="", notability=40
    )
    for film in (heat, babe, thief):
        film.genres.add(crime)
    mann = factories.make_person(name="Michael Mann", slug="michael-mann")
    for film in (heat, babe, thief):
        factories.make_credit(
            film=film, person=mann, department=Credit.Department.DIRECTING
        )
    now = timezone.now()
    for rank, recommended in enumerate((heat, thief), 1):
        Recommendation.objects.create(
            film=babe,
            recommended=recommended,
            rank=rank,
            score=1.0 / rank,
            kind=Recommendation.Kind.DIRECTOR,
            reason="Also directed by Michael Mann",
            computed_at=now,
        )
    factories.make_relation(from_film=babe, to_film=heat)
    search_rebuild()
    return SimpleNamespace(heat=heat, babe=babe, thief=thief, mann=mann)


def member_client(limit: str = "", hide_unknown: bool = False) -> Client:
    user = factories.make_user()
    content_limit_set(user=user, ceiling=limit, hide_unknown=hide_unknown)
    client = Client()
    client.force_login(user)
    return client

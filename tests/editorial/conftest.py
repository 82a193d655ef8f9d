"""Fixtures for the editorial tests: a small Heat with credits, and clients per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from cinematheque.catalogue.models import Film
from cinematheque.people.models import Credit
from tests import factories

ROLES = ("anonymous", "member", "editor", "chief")


@pytest.fixture
def heat(db) -> Film:
    film = factories.make_film(
        title="Heat",
        year=1995,
        slug="heat-1995",
        runtime=170,
        certification="R",
        wikidata_id="Q42198",
    )
    factories.make_credit(
        film=film,
        person=factories.make_person(name="Michael Mann"),
        department=Credit.Department.DIRECTING,
        job="Director",
    )
    for order, name in enumerate(["Al Pacino", "Robert De Niro", "Val Kilmer"]):
        factories.make_credit(
            film=film, person=factories.make_person(name=name), order=order
        )
    return film


@pytest.fixture
def client_for(db) -> Callable[[str], Client]:
    """A logged-in client for a role: anonymous, member, editor, chief or admin."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(factories.make_user(role=role))
        return client

    return make

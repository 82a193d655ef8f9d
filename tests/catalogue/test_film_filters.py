"""The catalogue's registry of personal film filters: an app above the catalogue adds
one, and the browse page, the page cache and /personal/site/ take it into account
without the catalogue knowing the app."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.test import Client

from cinematheque.catalogue.film_filters import (
    PersonalFilmFilter,
    is_on,
    register_film_filter,
    unregister_film_filter,
)
from cinematheque.catalogue.parameters import ParameterError
from cinematheque.pages.cache import is_personal_request
from tests import factories


def _starts_with_q(request, film_field: str) -> Q:
    """Films whose title starts with the member's initial (a stand-in)."""
    initial = request.user.get_username()[:1]
    from cinematheque.catalogue.models import Film

    films = Film.objects.filter(title__istartswith=initial).values("pk")
    return Q(**{f"{film_field}__in": films})


MY_INITIAL = PersonalFilmFilter(
    name="my_initial",
    label="My initial",
    condition=_starts_with_q,
    available=lambda request: request.user.is_authenticated,
    setup_url_name="members:settings",
    setup_label="Sign in",
    setup_message="Sign in to use it.",
)


@pytest.fixture
def my_initial():
    register_film_filter(MY_INITIAL)
    yield MY_INITIAL
    unregister_film_filter(MY_INITIAL.name)


@pytest.mark.parametrize(
    ("raw", "on"),
    [("true", True), ("1", True), ("on", True), ("", False), ("false", False)],
)
def test_a_filter_value_is_true_or_false(raw, on):
    assert is_on("x", raw) is on


def test_any_other_value_is_refused():
    with pytest.raises(ParameterError, match="x must be true or false"):
        is_on("x", "maybe")


def test_a_registered_filter_narrows_browse_for_the_member(db, my_initial, rf):
    factories.make_film(title="Quince")
    factories.make_film(title="Apple")
    member = factories.make_user(username="quentin")
    client = Client()
    client.force_login(member)
    content = client.get("/films/?my_initial=true").content.decode()
    assert "Quince" in content
    assert "Apple" not in content
    assert client.get("/personal/site/").json()["fields"]["film_filters"]["my_initial"]
    assert is_personal_request(rf.get("/films/?my_initial=1"))
    assert not is_personal_request(rf.get("/films/?genre=crime"))

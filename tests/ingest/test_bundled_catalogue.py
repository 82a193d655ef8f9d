"""The whole bundled table, imported once per session (tests/conftest.py)."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Film, FilmRelation
from cinematheque.people.models import Credit, Person

pytestmark = [pytest.mark.bundled, pytest.mark.django_db]

# The bundled table has no malformed row: every one of its films is imported.
BUNDLED_FILMS = 17_472


def _first_billed(slug: str, n: int = 3) -> list[str]:
    return list(
        Credit.objects.cast()
        .filter(film__slug=slug)
        .order_by("order")
        .values_list("person__name", flat=True)[:n]
    )


def test_every_bundled_film_is_imported(bundled_catalogue):
    assert Film.objects.count() == BUNDLED_FILMS
    assert Film.objects.filter(wikidata_id="Q42198", slug="heat-1995").exists()
    assert not Film.objects.filter(source__isnull=True).exists()
    assert FilmRelation.objects.filter(kind=FilmRelation.Kind.VERSION_OF).count() == 2


def test_heat_bills_pacino_and_de_niro_first(bundled_catalogue):
    assert {"Al Pacino", "Robert De Niro"} <= set(_first_billed("heat-1995"))


def test_suffixes_are_never_people(bundled_catalogue):
    assert Person.objects.get(slug="ed-begley-jr").name == "Ed Begley, Jr."
    assert not Person.objects.filter(
        name__in=["Jr.", "Jr", "Sr.", "III", "PhD"]
    ).exists()
    assert not Person.objects.filter(name="").exists()

"""Prepared queries: compiled by the ORM once, run with other values, same rows."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from cinematheque.catalogue.models import Film
from cinematheque.catalogue.prepared import TEXT_PLACEHOLDER, PreparedQuery
from cinematheque.people.models import Credit
from tests import factories


def _credits(film_id):
    return (
        Credit.objects.filter(film_id=film_id)
        .order_by("order")
        .values_list("person__name", "character", "order_is_estimated")
    )


def test_prepared_query_runs_with_each_value_it_is_given(db):
    first, second = factories.make_film(), factories.make_film()
    for film, name in ((first, "Ann"), (second, "Bob")):
        factories.make_credit(
            film=film, person=factories.make_person(name=name), character=name[0]
        )
    credits = PreparedQuery(_credits)
    assert credits.rows(first.pk) == [("Ann", "A", False)]
    assert credits.rows(second.pk) == [("Bob", "B", False)]
    assert credits.rows(-5) == []


def test_prepared_rows_equal_the_orms_rows_with_converted_values(db):
    film = factories.make_film(
        release_date=datetime.date(1995, 12, 15), slug="heat-1995", runtime=170
    )
    factories.make_credit(
        film=film, person=factories.make_person(), order_is_estimated=True
    )
    columns = ("release_date", "runtime", "created_at", "credits__order_is_estimated")
    prepared = PreparedQuery(
        lambda slug: Film.objects.filter(slug=slug).values_list(*columns),
        placeholder=TEXT_PLACEHOLDER,
    )
    (row,) = prepared.rows("heat-1995")
    assert row == next(iter(Film.objects.filter(pk=film.pk).values_list(*columns)))
    assert isinstance(row[0], datetime.date)
    assert row[2].tzinfo is not None
    assert row[3] is True


def test_prepared_query_builds_its_sql_once_and_runs_one_query(db, monkeypatch):
    film = factories.make_film()
    compiled = []
    get_compiler = Query.get_compiler

    def counting_get_compiler(self, *args, **kwargs):
        compiled.append(self)
        return get_compiler(self, *args, **kwargs)

    monkeypatch.setattr(Query, "get_compiler", counting_get_compiler)
    credits = PreparedQuery(_credits)
    with CaptureQueriesContext(connection) as queries:
        for film_id in (film.pk, film.pk + 1, film.pk):
            credits.rows(film_id)
    assert len(compiled) == 1
    assert len(queries) == 3


def test_query_without_a_placeholder_needs_no_value(db):
    factories.make_film(title="Only")
    titles = PreparedQuery(
        lambda _: Film.objects.values_list("title"), placeholder=None
    )
    assert titles.rows() == [("Only",)]


def test_a_lookup_that_rewrites_the_placeholder_is_refused(db):
    search = PreparedQuery(
        lambda text: Film.objects.filter(title__icontains=text).values_list("id"),
        placeholder=TEXT_PLACEHOLDER,
    )
    with pytest.raises(ImproperlyConfigured, match="placeholder"):
        search.rows("heat")

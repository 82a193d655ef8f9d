"""`/metrics`: what it counts, what it reads from the database, who may read it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from cinematheque.ingest.models import ImportRun
from cinematheque.jobs.models import Job
from cinematheque.members.imports.models import ImportBatch, ImportRow
from tests import factories

FILM = "/films/heat-1995/"
FILM_VIEW = "catalogue:film"


def scrape(client: Client | None = None) -> dict[tuple[str, frozenset], float]:
    """Every sample of /metrics by (name, labels)."""
    response = (client or Client()).get("/metrics")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    assert response["Cache-Control"] == "no-store"
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, /, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


def test_requests_are_counted_by_view_method_and_status(client, heat):
    before = scrape()
    client.get(FILM)
    client.get(FILM)
    client.get("/films/no-such-film-1900/")
    client.get("/no/such/address/")
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "cinematheque_http_requests_total"
    assert delta(requests, view=FILM_VIEW, method="GET", status="200") == 2
    assert delta(requests, view=FILM_VIEW, method="GET", status="404") == 1
    assert delta(requests, view="<unmatched>", method="GET", status="404") == 1
    latency = "cinematheque_http_request_duration_seconds_count"
    assert delta(latency, view=FILM_VIEW, status="200") == 2
    assert delta(latency, view=FILM_VIEW, status="404") == 1
    assert (
        delta(
            "cinematheque_http_request_duration_seconds_sum",
            view=FILM_VIEW,
            status="200",
        )
        > 0
    )
    # Four requests in all: the scrapes themselves are not counted.
    total = sum(
        count - before.get((name, labels), 0.0)
        for (name, labels), count in after.items()
        if name == requests
    )
    assert total == 4


def test_page_cache_hits_misses_and_stale_copies_are_counted(client, heat):
    before = scrape()
    client.get(FILM)  # rendered and stored
    client.get(FILM)  # from the cache
    client.get(FILM)
    after = scrape()
    name = "cinematheque_page_cache_requests_total"
    assert (
        value(after, name, view=FILM_VIEW, result="miss")
        - value(before, name, view=FILM_VIEW, result="miss")
        == 1
    )
    assert (
        value(after, name, view=FILM_VIEW, result="hit")
        - value(before, name, view=FILM_VIEW, result="hit")
        == 2
    )


def test_database_queries_are_counted_by_view(client, heat):
    name = "cinematheque_db_queries_total"
    before = value(scrape(), name, view=FILM_VIEW)
    client.get(FILM)  # a miss: the page is read from the database
    rendered = value(scrape(), name, view=FILM_VIEW)
    assert rendered - before >= 3
    client.get(FILM)  # a hit: no query
    assert value(scrape(), name, view=FILM_VIEW) == rendered


@pytest.mark.django_db
def test_jobs_by_state_give_the_queue_depth_and_the_failures():
    for state in ("queued", "queued", "running", "failed", "done"):
        Job.objects.create(name="search.rebuild", state=state)
    Job.objects.create(name="members.import", state="failed")
    samples = scrape()
    assert (
        value(samples, "cinematheque_jobs", name="search.rebuild", state="queued") == 2
    )
    assert (
        value(samples, "cinematheque_jobs", name="search.rebuild", state="failed") == 1
    )
    assert (
        value(samples, "cinematheque_jobs", name="members.import", state="failed") == 1
    )
    assert value(samples, "cinematheque_metrics_database_up") == 1


@pytest.mark.django_db
def test_an_empty_queue_still_reports_each_state():
    samples = scrape()
    for state in ("queued", "running", "done", "failed"):
        assert (
            "cinematheque_jobs",
            frozenset({("name", ""), ("state", state)}),
        ) in samples


@pytest.mark.django_db
def test_import_rows_of_catalogue_and_member_imports():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ImportRun.objects.create(
        source_key="imdb", started_at=now, items_done=100, writes=250, rejected=3
    )
    ImportRun.objects.create(
        source_key="imdb", started_at=now, items_done=20, writes=30
    )
    member = factories.make_user(username="ann")
    batch = ImportBatch.objects.create(
        user=member, source="letterboxd", filename="x.zip", file_sha256="0" * 64
    )
    for line, status in enumerate(["matched", "matched", "unmatched"], start=2):
        ImportRow.objects.create(
            batch=batch,
            file="ratings.csv",
            line=line,
            title="T",
            status=status,
            kind="rating",
        )
    samples = scrape()
    assert (
        value(samples, "cinematheque_import_rows", source="imdb", outcome="committed")
        == 120
    )
    assert (
        value(samples, "cinematheque_import_rows", source="imdb", outcome="written")
        == 280
    )
    assert (
        value(samples, "cinematheque_import_rows", source="imdb", outcome="rejected")
        == 3
    )
    rows = "cinematheque_member_import_rows"
    assert value(samples, rows, source="letterboxd", status="matched") == 2
    assert value(samples, rows, source="letterboxd", status="unmatched") == 1


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_reported_not_raised(monkeypatch):
    from django.db import OperationalError

    from cinematheque.metrics.middleware import DatabaseCollector

    def down() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(DatabaseCollector, "jobs", staticmethod(down))
    samples = scrape()
    assert value(samples, "cinematheque_metrics_database_up") == 0
    assert not any(name == "cinematheque_jobs" for name, _ in samples)


# Who may read it.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]
)
def test_loopback_clients_may_read_it(address):
    assert Client(REMOTE_ADDR=address).get("/metrics").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["10.0.0.5", "192.0.2.1", "2001:db8::1", "", "junk"]
)
def test_other_clients_get_a_404(address):
    response = Client(REMOTE_ADDR=address).get("/metrics")
    assert response.status_code == 404
    assert b"cinematheque_" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"],
)
def test_a_request_a_proxy_forwarded_from_loopback_gets_a_404(header):
    response = Client(REMOTE_ADDR="127.0.0.1", **{header: "203.0.113.9"}).get(
        "/metrics"
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_with_a_token_only_its_bearer_may_read_it(settings):
    settings.METRICS_TOKEN = "s3cret-token-of-the-operator"
    anywhere = Client(REMOTE_ADDR="198.51.100.7")
    good = {"HTTP_AUTHORIZATION": "Bearer s3cret-token-of-the-operator"}
    assert anywhere.get("/metrics", **good).status_code == 200
    assert Client().get("/metrics").status_code == 404  # loopback needs it too
    wrong = anywhere.get("/metrics", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert (
        anywhere.get("/metrics", HTTP_AUTHORIZATION="Basic czNjcmV0").status_code == 401
    )


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.post("/metrics").status_code == 405
    assert client.head("/metrics").status_code == 200


@pytest.mark.django_db
def test_off_with_cinematheque_metrics_0(settings):
    settings.METRICS_ENABLED = False
    response = Client().get("/metrics")
    assert response.status_code == 404
    assert b"cinematheque_http" not in response.content

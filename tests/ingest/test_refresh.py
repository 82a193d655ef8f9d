"""An import refreshes only what it changed: the search documents, related films and
cached pages of the films it touched; and an interrupted run can be resumed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from cinematheque.catalogue.models import Film
from cinematheque.ingest import services, upsert
from cinematheque.ingest.models import ImportRun
from cinematheque.pages.cache import current_versions, film_key
from cinematheque.search.models import FilmDocument
from tests.ingest.conftest import run_import, write_catalogue


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Record the calls of `services.<name>` and let them run."""
    calls: list[Any] = []
    real = getattr(services, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, name, spy)
    return calls


def test_a_reimport_that_changes_one_film_refreshes_that_film_only(
    imported, tmp_path, fixture_rows, monkeypatch
):
    heat = Film.objects.get(wikidata_id="Q42198")
    other = Film.objects.exclude(pk=heat.pk).first()
    row = next(r for r in fixture_rows["omdb"] if r["ID"] == 42198)
    row["Title"] = "Heat (1995 film)"
    changed = write_catalogue(tmp_path / "changed.db", fixture_rows)
    cache.clear()
    before = current_versions([film_key(heat.pk), film_key(other.pk)])
    indexed = _spy(monkeypatch, "search_index_films")
    related = _spy(monkeypatch, "recommendations_refresh_for_film")
    rebuilt = [_spy(monkeypatch, "search_rebuild")]
    rebuilt.append(_spy(monkeypatch, "recommendations_rebuild"))

    run = run_import(changed)

    assert "films touched: 1" in run.stdout
    assert [set(call["film_ids"]) for call in indexed] == [{heat.pk}]
    assert [call["film"] for call in related] == [heat]
    assert rebuilt == [[], []]
    assert FilmDocument.objects.get(film=heat).title == "Heat (1995 film)"
    after = current_versions([film_key(heat.pk), film_key(other.pk)])
    assert after[film_key(heat.pk)] != before[film_key(heat.pk)]
    assert after[film_key(other.pk)] == before[film_key(other.pk)]


def test_a_reimport_that_changes_nothing_refreshes_nothing(
    imported, catalogue_path, monkeypatch
):
    calls = [
        _spy(monkeypatch, name)
        for name in (
            "search_index_films",
            "search_rebuild",
            "recommendations_rebuild",
            "recommendations_refresh_for_film",
        )
    ]
    run = run_import(catalogue_path)
    assert "Rows written: 0; films touched: 0" in run.stdout
    assert calls == [[], [], [], []]


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_run_resumes_after_the_rows_it_committed(
    catalogue_path, monkeypatch
):
    real = upsert._BatchWrite._write_scores
    calls = []

    def crash_in_third_batch(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", crash_in_third_batch)
    with pytest.raises(KeyboardInterrupt):
        run_import(catalogue_path, batch_size=5, skip_recommendations=True)
    run = ImportRun.objects.get()
    assert (run.items_done, run.finished_at) == (10, None)
    monkeypatch.setattr(upsert._BatchWrite, "_write_scores", real)

    resumed = run_import(
        catalogue_path, batch_size=5, resume=True, skip_recommendations=True
    )

    # The ten rows committed before are not read again.
    assert "Films: 12 created, 0 updated, 0 unchanged" in resumed.stdout
    assert Film.objects.count() == 22
    run.refresh_from_db()
    assert run.items_done == 26
    assert run.finished_at is not None
    # A later run without --resume reads everything and finds nothing to do.
    again = run_import(catalogue_path, batch_size=5, skip_recommendations=True)
    assert "Rows written: 0" in again.stdout

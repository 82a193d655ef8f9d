"""The recorded steps of the first start, in process (and on PostgreSQL too)."""

from __future__ import annotations

import pytest

from cinematheque.ingest.first_start import Step, first_start_run, first_start_steps
from cinematheque.ingest.models import LoadStep


class Interrupted(Exception):
    pass


def test_a_step_that_fails_stays_unfinished_and_runs_first_next_time(db):
    ran: list[str] = []
    failures = iter([True, False])

    def second() -> None:
        ran.append("second")
        if next(failures):
            raise Interrupted

    steps = [
        Step("first", "First…", lambda: ran.append("first")),
        Step("second", "Second…", second),
        Step("third", "Third…", lambda: ran.append("third")),
    ]
    said: list[str] = []

    with pytest.raises(Interrupted):
        first_start_run(steps, announce=said.append)
    assert LoadStep.objects.finished_names() == {"first"}

    assert first_start_run(steps, announce=said.append) == ["second", "third"]
    assert ran == ["first", "second", "second", "third"]
    assert said == ["First…", "Second…", "Second… (resumed)", "Third…"]
    assert LoadStep.objects.finished_names() == {"first", "second", "third"}
    assert LoadStep.objects.get(name="second").attempts == 2
    assert first_start_run(steps, announce=said.append) == []


def test_the_first_start_has_its_steps_in_dependency_order():
    names = [step.name for step in first_start_steps()]

    assert names == [
        "open_catalogue",
        "search_index",
        "editorial_demo",
        "genre_centrality",
        "recommendations",
    ]

"""The first start of a data directory as a list of recorded steps.

`cinematheque init` (and `serve`) run every step that has not finished yet, in order.
Each step is marked started before it runs and finished only after it returned, so a
start that was killed half-way (a closed terminal, an out-of-memory kill, Ctrl-C) is
completed by the next one instead of being taken for done because films exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command

from cinematheque.ingest.models import LoadStep
from cinematheque.ingest.services import load_step_finish, load_step_start


@dataclass(frozen=True)
class Step:
    name: str
    message: str  # what the operator reads while it runs
    run: Callable[[], object]  # what it returns is ignored


def first_start_steps(
    *, catalogue_path: Path | None = None, verbosity: int = 1
) -> list[Step]:
    """The steps of a first start, in the order they must run: each one reads what
    the previous ones wrote."""
    import_options: dict[str, object] = {
        "skip_recommendations": True,
        "skip_search_index": True,
        "verbosity": verbosity,
    }
    if catalogue_path is not None:
        import_options["path"] = catalogue_path
    return [
        Step(
            "open_catalogue",
            "Loading the bundled open catalogue (Wikidata, CC0)…",
            lambda: call_command("import_open_catalogue", **import_options),
        ),
        Step(
            "search_index",
            "Building the search index…",
            lambda: call_command("rebuild_search_index", verbosity=verbosity),
        ),
        Step(
            "editorial_demo",
            "Loading the demo editorial content (ten films, two collections)…",
            lambda: call_command("load_editorial_demo", verbosity=verbosity),
        ),
        Step(
            "genre_centrality",
            # Again after the demo: its collections are evidence (catalogue.centrality).
            "Weighing how central each genre is to each film…",
            lambda: call_command("refresh_genre_centrality", verbosity=verbosity),
        ),
        Step(
            "recommendations",
            "Computing the related films of every film page…",
            lambda: call_command("rebuild_recommendations", verbosity=verbosity),
        ),
    ]


def first_start_pending(steps: Sequence[Step]) -> list[Step]:
    """The steps that have not finished yet (all of them on a new data directory)."""
    finished = LoadStep.objects.finished_names()
    return [step for step in steps if step.name not in finished]


def first_start_run(
    steps: Sequence[Step], *, announce: Callable[[str], None] = print
) -> list[str]:
    """Run the unfinished steps in order, recording each; return the names run.

    A step that raises stays unfinished (the error propagates), so the next call
    starts again from it. Call outside any transaction: each step commits its own
    work in batches.
    """
    ran = []
    for step in first_start_pending(steps):
        attempt = load_step_start(name=step.name)
        announce(step.message if attempt == 1 else f"{step.message} (resumed)")
        step.run()
        load_step_finish(name=step.name)
        ran.append(step.name)
    return ran

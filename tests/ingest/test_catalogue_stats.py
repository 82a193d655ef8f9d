"""catalogue_stats and the CLI subcommands that wrap the import and the stats."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from cinematheque import cli
from cinematheque.catalogue.models import Film, Source
from cinematheque.people.models import Credit, Person

pytestmark = pytest.mark.django_db


def _stats() -> str:
    out = io.StringIO()
    call_command("catalogue_stats", stdout=out)
    return out.getvalue()


def _count(output: str, label: str) -> int:
    match = re.search(rf"^{re.escape(label)}\s+(\d+)$", output, re.MULTILINE)
    assert match, f"{label!r} not in:\n{output}"
    return int(match.group(1))


def test_stats_count_films_people_credits_and_sources(imported):
    output = _stats()
    assert _count(output, "Films") == Film.objects.count() == 22
    assert _count(output, "People") == Person.objects.count()
    assert _count(output, "Credits") == Credit.objects.count()
    for department, label in Credit.Department.choices:
        n = Credit.objects.filter(department=department).count()
        if n:
            assert _count(output, f"  {label}") == n
    assert _count(output, "Film relations") == 2
    assert "Sources: 1" in output
    assert (
        "Wikidata film table (bokeh-sampledata) [wikidata], licence CC0 1.0, "
        "retrieved 2026-10-18" in output
    )
    credits = Credit.objects.count()
    assert f"22 films, {Person.objects.count()} people, {credits} credits" in output
    assert "Attribution: Wikidata contributors, CC0" in output


def test_stats_on_an_empty_catalogue_print_zeros():
    output = _stats()
    assert _count(output, "Films") == 0
    assert "Sources: 0" in output


def test_cli_stats_prints_the_counts(imported, capsys):
    assert cli.main(["stats"]) == 0
    assert re.search(r"^Films\s+22$", capsys.readouterr().out, re.MULTILINE)


def test_cli_import_passes_the_limit(capsys):
    assert cli.main(["import", "open-catalogue", "--limit", "3"]) == 0
    assert Film.objects.count() == 3
    assert Source.objects.get().key == "wikidata"
    assert "Films: 3 created" in capsys.readouterr().out

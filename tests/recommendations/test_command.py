from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cinematheque import cli
from cinematheque.recommendations.models import Recommendation
from tests.recommendations.world import World


def test_rebuild_command_stores_every_list_and_says_how_many(world: World):
    out = io.StringIO()

    call_command("rebuild_recommendations", "--limit", "8", stdout=out)

    assert Recommendation.objects.count() == 21 * 8
    assert "168 recommendations for 21 films" in out.getvalue()


def test_rebuild_command_refreshes_one_film_by_slug(world: World):
    out = io.StringIO()

    call_command("rebuild_recommendations", "--film", world.heat.slug, stdout=out)

    assert Recommendation.objects.filter(film=world.heat).count() == 12
    assert "lists around Heat (1995)" in out.getvalue()


def test_rebuild_command_refuses_an_unknown_film(world: World):
    with pytest.raises(CommandError, match="No film with slug 'nope-1999'"):
        call_command("rebuild_recommendations", "--film", "nope-1999")


@pytest.mark.parametrize("limit", ["3", "50"])
def test_rebuild_command_refuses_a_list_length_out_of_range(world: World, limit):
    with pytest.raises(CommandError, match="between 8 and 20"):
        call_command("rebuild_recommendations", "--limit", limit)


def test_rebuild_command_on_an_empty_catalogue_says_what_to_do(db):
    with pytest.raises(CommandError, match="import open-catalogue"):
        call_command("rebuild_recommendations")


def test_cli_recommendations_rebuild_runs_the_command(world: World, capsys):
    assert cli.main(["recommendations", "rebuild", "--limit", "10"]) == 0

    assert Recommendation.objects.filter(film=world.heat).count() == 10
    assert "recommendations for 21 films" in capsys.readouterr().out


def test_cli_recommendations_needs_an_action():
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["recommendations"])

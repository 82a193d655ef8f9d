from __future__ import annotations

import pytest

from cinematheque.catalogue.models import FilmRelation
from cinematheque.people.models import Credit
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.services import (
    recommendations_rebuild,
    recommendations_refresh_for_film,
)
from tests import factories
from tests.recommendations.world import World, make_catalogue_film


def _list(film) -> list[Recommendation]:
    return list(Recommendation.objects.for_film(film))


def _titles(film) -> list[str]:
    return [row.recommended.title for row in _list(film)]


def test_rebuild_stores_a_ranked_list_for_every_film(world: World):
    result = recommendations_rebuild(limit=8)

    assert result.films == 21
    heat = _list(world.heat)
    assert [row.rank for row in heat] == list(range(1, 9))
    scores = [row.score for row in heat]
    assert scores == sorted(scores, reverse=True)
    assert Recommendation.objects.values("film").distinct().count() == 21
    assert result.recommendations == Recommendation.objects.count()


def test_a_film_never_recommends_itself_or_another_record_of_itself(world: World):
    recommendations_rebuild()

    recommended = {row.recommended_id for row in _list(world.heat)}
    assert world.heat.pk not in recommended
    assert world.heat_twin.pk not in recommended
    twin_list = {row.recommended_id for row in _list(world.heat_twin)}
    assert world.heat.pk not in twin_list


def test_two_records_of_one_film_take_one_place_in_other_lists(world: World):
    recommendations_rebuild()

    heats = [
        row
        for row in _list(world.righteous_kill)
        if row.recommended_id in {world.heat.pk, world.heat_twin.pk}
    ]
    assert len(heats) == 1


def test_records_sharing_an_imdb_id_count_as_one_film(world: World):
    world.heat.imdb_id = world.heat_twin.imdb_id = "tt0113277"
    world.heat.save(update_fields=["imdb_id"])
    world.heat_twin.save(update_fields=["imdb_id"])
    FilmRelation.objects.filter(kind=FilmRelation.Kind.VERSION_OF).delete()

    recommendations_rebuild()

    assert world.heat_twin.pk not in {row.recommended_id for row in _list(world.heat)}


def test_shared_director_is_given_as_the_reason(world: World):
    recommendations_rebuild()

    by_film = {row.recommended_id: row for row in _list(world.heat)}
    assert by_film[world.collateral.pk].reason == "Also directed by Michael Mann"
    assert by_film[world.collateral.pk].kind == Recommendation.Kind.DIRECTOR
    # The second Mann film of the list says what else it is rather than repeat.
    assert by_film[world.thief.pk].reason.startswith(
        "Also directed by Michael Mann, in"
    )
    assert by_film[world.thief.pk].kind == Recommendation.Kind.DIRECTOR


def test_shared_leads_are_named_together(world: World):
    recommendations_rebuild()

    by_film = {row.recommended_id: row for row in _list(world.heat)}
    reason = by_film[world.righteous_kill.pk].reason
    assert reason in {
        "Robert De Niro and Al Pacino again",
        "Al Pacino and Robert De Niro again",
    }
    assert by_film[world.righteous_kill.pk].kind == Recommendation.Kind.CAST


def test_director_and_leads_come_before_films_sharing_only_a_genre(world: World):
    recommendations_rebuild()

    titles = _titles(world.heat)
    connected = {"Collateral", "Thief", "Righteous Kill", "The Godfather Part II"}
    assert set(titles[:4]) == connected
    assert titles.index("Casino") > 3
    assert titles.index("Fargo") > 3


def test_genre_and_era_reason_names_the_shared_genres(world: World):
    recommendations_rebuild()

    by_film = {row.recommended_id: row for row in _list(world.heat)}
    casino = by_film[world.crime_1995.pk]
    assert casino.kind == Recommendation.Kind.PROFILE
    assert casino.reason == "A crime drama from the same year"
    assert by_film[world.crime_1996.pk].reason == "A crime thriller from the 1990s"


def test_a_prolific_bit_player_counts_less_than_a_shared_lead(world: World):
    recommendations_rebuild()

    titles = _titles(world.heat)
    # Val Kilmer leads A Comedy; the bit player is also in Casino and Fargo, which
    # still rank by genre and era, not by the bit player.
    fillers = [title for title in titles if title.startswith("Filler")]
    assert all(titles.index(title) > titles.index("Casino") for title in fillers)


def test_a_sequel_link_ranks_first_with_its_reason(world: World):
    sequel = make_catalogue_film("Heat 2", 2026, ["Crime", "Thriller"], 1)
    factories.make_relation(
        from_film=sequel, to_film=world.heat, kind=FilmRelation.Kind.SEQUEL_TO
    )

    recommendations_rebuild()

    heat = _list(world.heat)
    assert (heat[0].recommended_id, heat[0].reason) == (sequel.pk, "The sequel")
    assert _list(sequel)[0].reason == "The film this one follows"


def test_rebuild_twice_gives_the_same_lists(world: World):
    recommendations_rebuild()
    first = list(
        Recommendation.objects.values_list("film", "recommended", "rank", "reason")
    )

    recommendations_rebuild()

    assert (
        list(
            Recommendation.objects.values_list("film", "recommended", "rank", "reason")
        )
        == first
    )


def test_refresh_puts_a_new_shared_director_into_both_lists(world: World):
    musical = make_catalogue_film("A Musical", 1950, ["Musical"], 0)
    recommendations_rebuild()
    assert musical.pk not in {row.recommended_id for row in _list(world.heat)}

    factories.make_credit(
        film=musical,
        person=world.mann,
        department=Credit.Department.DIRECTING,
        job="Director",
    )
    rewritten = recommendations_refresh_for_film(film=musical)

    musical_list = {row.recommended_id: row.reason for row in _list(musical)}
    assert musical_list[world.heat.pk] == "Also directed by Michael Mann"
    heat = {row.recommended_id: row.reason for row in _list(world.heat)}
    assert heat[musical.pk] == "Also directed by Michael Mann"
    assert rewritten >= 2


def test_refresh_matches_a_full_rebuild_for_the_refreshed_film(world: World):
    recommendations_rebuild()
    world.thief.genres.set([factories.make_genre("Western")])
    world.thief.year = 1962
    world.thief.save(update_fields=["year"])

    recommendations_refresh_for_film(film=world.thief)
    refreshed = list(
        Recommendation.objects.filter(film=world.thief).values_list(
            "recommended", "rank", "reason"
        )
    )
    recommendations_rebuild()
    rebuilt = list(
        Recommendation.objects.filter(film=world.thief).values_list(
            "recommended", "rank", "reason"
        )
    )

    assert refreshed == rebuilt


def test_refresh_moves_a_film_down_a_list_it_no_longer_shares_people_with(
    world: World,
):
    recommendations_rebuild()
    before = {row.recommended_id: row for row in _list(world.heat)}
    assert before[world.collateral.pk].rank <= 4

    Credit.objects.filter(film=world.collateral).delete()
    world.collateral.genres.set([factories.make_genre("Musical")])
    world.collateral.year = 1950
    world.collateral.save(update_fields=["year"])
    recommendations_refresh_for_film(film=world.collateral)

    after = {row.recommended_id: row for row in _list(world.heat)}
    if world.collateral.pk in after:  # still among the catalogue's notable films
        assert after[world.collateral.pk].rank > 4
        assert after[world.collateral.pk].kind == Recommendation.Kind.PROFILE
    ranks = sorted(row.rank for row in after.values())
    assert ranks == list(range(1, len(ranks) + 1))


def test_deleting_a_film_removes_it_from_every_list(world: World):
    recommendations_rebuild()
    collateral_id = world.collateral.pk

    world.collateral.delete()

    assert not Recommendation.objects.filter(recommended_id=collateral_id).exists()
    assert not Recommendation.objects.filter(film_id=collateral_id).exists()


def test_rebuild_reports_progress_up_to_the_film_count(world: World):
    seen: list[tuple[int, int]] = []

    recommendations_rebuild(
        batch_size=5, progress=lambda done, total: seen.append((done, total))
    )

    assert seen[0] == (0, 21)
    assert seen[-1] == (21, 21)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_rebuild_of_a_catalogue_without_credits_or_genres_still_lists_films(db):
    films = [factories.make_film(year=1990 + n, notability=n) for n in range(10)]

    recommendations_rebuild(limit=8)

    assert len(_list(films[0])) == 8
    assert all(row.reason for row in Recommendation.objects.all())


@pytest.mark.parametrize("limit", [8, 12])
def test_lists_hold_at_most_the_requested_number_of_films(world: World, limit: int):
    recommendations_rebuild(limit=limit)

    assert max(len(_list(film)) for film in (world.heat, world.comedy)) == limit

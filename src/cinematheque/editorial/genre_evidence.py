"""Editorial evidence for genre centrality: a published collection named after a genre
("Crime cinema") says its films are central to that genre."""

from __future__ import annotations

from cinematheque.catalogue.centrality import genres_named_in


def collection_genre_evidence() -> set[tuple[int, int]]:
    """(film, genre) for each film of a published collection whose title names the
    genre; registered with catalogue.centrality in EditorialConfig.ready()."""
    from cinematheque.editorial.models import CollectionMembership

    return genres_named_in(
        CollectionMembership.objects.values_list("film_id", "collection__title")
    )

"""The index follows every save of a film, a person, a credit, a film's genres, an
alternative title or a translation (its title is one), wherever it happens (pages,
admin, shell, importers that save).

This is the one place where signals are used: the search index is a read model that
must not go stale whichever code wrote the catalogue. Receivers only note ids; the
documents are rebuilt once per committed transaction, for all ids noted in it.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from cinematheque.catalogue.changes import film_facets_receiver
from cinematheque.catalogue.models import AlternativeTitle, Film, Translation
from cinematheque.people.models import Credit, Person

_pending = threading.local()


def _state() -> tuple[set[int], set[int], set[int], set[int]]:
    if not hasattr(_pending, "films"):
        # films, people, films whose people need refreshing, people whose films do
        _pending.films, _pending.people = set(), set()
        _pending.film_people, _pending.people_films = set(), set()
    return _pending.films, _pending.people, _pending.film_people, _pending.people_films


def schedule(
    *,
    films: set[int] | frozenset[int] = frozenset(),
    people: set[int] | frozenset[int] = frozenset(),
    cascade: bool = False,
) -> None:
    """Note ids to re-index when the current transaction commits (at once outside a
    transaction). With `cascade`, also the people credited on the films and the
    films crediting the people (names and titles appear in each other's documents)."""
    pending_films, pending_people, film_people, people_films = _state()
    pending_films |= films
    pending_people |= people
    if cascade:
        film_people |= films
        people_films |= people
    # Every change registers a callback; the first to run after a commit indexes
    # all pending ids and the others find nothing left. Ids of a rolled-back
    # transaction stay pending and are re-indexed (harmlessly) after the next commit.
    # Robust: a failure to index is logged and does not undo or fail the save.
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    from cinematheque.search.services import (
        films_of_people,
        people_of_films,
        search_index_films,
        search_index_people,
    )

    films, people, film_people, people_films = _state()
    if not (films or people):
        return
    films_now, people_now = set(films), set(people)
    people_now |= people_of_films(film_people) if film_people else set()
    films_now |= films_of_people(people_films) if people_films else set()
    films.clear()
    people.clear()
    film_people.clear()
    people_films.clear()
    search_index_films(film_ids=films_now)
    search_index_people(person_ids=people_now)


def film_saved(sender: type, instance: Film, **kwargs: Any) -> None:
    schedule(films={instance.pk}, cascade=True)


def person_saved(sender: type, instance: Person, **kwargs: Any) -> None:
    schedule(people={instance.pk}, cascade=True)


def film_deleted(sender: type, instance: Film, **kwargs: Any) -> None:
    # Its document went with it (cascade); the prefix lists it was in are refilled.
    schedule(films={instance.pk})


def person_deleted(sender: type, instance: Person, **kwargs: Any) -> None:
    schedule(people={instance.pk})


def credit_changed(sender: type, instance: Credit, **kwargs: Any) -> None:
    schedule(films={instance.film_id}, people={instance.person_id})


def film_title_changed(
    sender: type, instance: AlternativeTitle | Translation, **kwargs: Any
) -> None:
    """An alternative or translated title: both are searched as the film's titles."""
    schedule(films={instance.film_id})


def genres_changed(film_ids: set[int]) -> None:
    schedule(films=film_ids)


def genre_cleared(genre: Any) -> None:
    """`genre.films.clear()`: the films are already unlinked; the index still knows
    which films had the genre."""
    from cinematheque.search.models import FilmDocument

    schedule(
        films=set(
            FilmDocument.objects.filter(genres__contains=genre.slug).values_list(
                "film_id", flat=True
            )
        )
    )


film_genres_changed = film_facets_receiver(genres_changed, genre_cleared)


def connect() -> None:
    post_save.connect(film_saved, sender=Film, dispatch_uid="search_film_saved")
    post_save.connect(person_saved, sender=Person, dispatch_uid="search_person_saved")
    post_delete.connect(film_deleted, sender=Film, dispatch_uid="search_film_deleted")
    post_delete.connect(
        person_deleted, sender=Person, dispatch_uid="search_person_deleted"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            credit_changed, sender=Credit, dispatch_uid=f"search_credit_{id(signal)}"
        )
        for titles in (AlternativeTitle, Translation):
            signal.connect(
                film_title_changed,
                sender=titles,
                dispatch_uid=f"search_{titles._meta.model_name}_{id(signal)}",
            )
    m2m_changed.connect(
        film_genres_changed,
        sender=Film.genres.through,
        dispatch_uid="search_film_genres_changed",
    )

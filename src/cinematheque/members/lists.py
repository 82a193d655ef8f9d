"""Members' film lists: the only code that writes FilmList and FilmListItem.

A list belongs to one member, has a slug unique among that member's lists (its page is
/members/<username>/lists/<slug>/), is ranked or not and public or private, and holds
each film once with a note. Positions are 1…n without gaps after every change.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils.text import slugify

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.models import Film
from cinematheque.members.models import FilmList, FilmListItem, User
from cinematheque.members.profiles import is_owner_or_admin

TITLE_MAX = 200
SLUG_MAX = 200


def lists_visible_to(owner: User, viewer: User | None) -> QuerySet[FilmList]:
    """The owner's lists that `viewer` may see: all for the owner and administrators,
    public ones of a public profile for others, none of a private profile."""
    lists = FilmList.objects.filter(owner=owner)
    if is_owner_or_admin(viewer, owner.pk):
        return lists
    if not (owner.profile_public and owner.is_active):
        return lists.none()
    return lists.filter(public=True)


def public_lists() -> QuerySet[FilmList]:
    """Lists anyone may read: public lists of public profiles."""
    return FilmList.objects.filter(
        public=True, owner__profile_public=True, owner__is_active=True
    )


def with_film_counts(
    lists: QuerySet[FilmList], limit: ContentLimit | None = None
) -> QuerySet[FilmList]:
    """The lists, last changed first, each with its `film_count`: the films the
    viewer's content limit `limit` leaves visible."""
    counted = Count(
        "items", filter=None if limit is None else limit.film_filter("items__film__")
    )
    return lists.annotate(film_count=counted).order_by("-updated_at", "-id")


def _unique_slug(owner: User, title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:SLUG_MAX] or "list"
    others = FilmList.objects.filter(owner=owner, slug__startswith=base)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the list a title."})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": f"A title is at most {TITLE_MAX} characters."})
    return title


@transaction.atomic
def list_create(
    *,
    owner: User,
    title: str,
    description: str = "",
    ranked: bool = False,
    public: bool = True,
) -> FilmList:
    """A new, empty list; its slug comes from the title (made unique per owner)."""
    title = _clean_title(title)
    return FilmList.objects.create(
        owner=owner,
        title=title,
        slug=_unique_slug(owner, title),
        description=description.strip(),
        ranked=ranked,
        public=public,
    )


@transaction.atomic
def list_update(
    *,
    film_list: FilmList,
    title: str,
    description: str,
    ranked: bool,
    public: bool,
) -> FilmList:
    """Change a list's details; a new title gives it a new slug (and address)."""
    title = _clean_title(title)
    if title != film_list.title:
        film_list.slug = _unique_slug(film_list.owner, title, exclude=film_list.pk)
    film_list.title = title
    film_list.description = description.strip()
    film_list.ranked = ranked
    film_list.public = public
    film_list.save()
    return film_list


@transaction.atomic
def list_delete(*, film_list: FilmList) -> None:
    """Delete the list and its items."""
    film_list.delete()


def _touch(film_list: FilmList) -> None:
    film_list.save(update_fields=["updated_at"])


@transaction.atomic
def list_add_film(
    *, film_list: FilmList, film: Film, note: str = ""
) -> tuple[FilmListItem, bool]:
    """Put the film at the end of the list; (item, False) if it was already there."""
    existing = FilmListItem.objects.filter(film_list=film_list, film=film).first()
    if existing is not None:
        return existing, False
    last = film_list.items.aggregate(last=Max("position"))["last"] or 0
    item = FilmListItem.objects.create(
        film_list=film_list, film=film, position=last + 1, note=note.strip()
    )
    _touch(film_list)
    return item, True


@transaction.atomic
def list_remove_item(*, item: FilmListItem) -> None:
    """Take a film off its list and close the gap in the positions."""
    film_list = item.film_list
    item.delete()
    _renumber(film_list, list(film_list.items.values_list("pk", flat=True)))
    _touch(film_list)


@transaction.atomic
def list_set_note(*, item: FilmListItem, note: str) -> FilmListItem:
    item.note = note.strip()
    item.save(update_fields=["note"])
    _touch(item.film_list)
    return item


def _hidden_item_ids(film_list: FilmList, limit: ContentLimit | None) -> set[int]:
    """The items of the list whose film `limit` hides (none without a limit)."""
    if limit is None:
        return set()
    return set(
        film_list.items.exclude(limit.film_filter("film__")).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def list_reorder(
    *,
    film_list: FilmList,
    item_ids: Sequence[int],
    limit: ContentLimit | None = None,
) -> None:
    """Put the items in this order. `item_ids` must be exactly the items the owner
    sees: all of them, or, under a content limit `limit`, those it does not hide (a
    ValidationError otherwise: a stale page must not drop or duplicate films).

    Under a limit the hidden items keep their positions (their numbers, so also
    their order among themselves) and the visible ones fill the other positions in
    the order given: reordering what one sees never moves what one cannot see."""
    current = list(film_list.items.values_list("pk", flat=True))
    hidden = _hidden_item_ids(film_list, limit)
    shown = [pk for pk in current if pk not in hidden]
    if sorted(shown) != sorted(item_ids) or len(set(item_ids)) != len(item_ids):
        raise ValidationError(
            "The order must name each film of the list once: reload the list."
        )
    given = iter(item_ids)
    _renumber(film_list, [pk if pk in hidden else next(given) for pk in current])
    _touch(film_list)


@transaction.atomic
def list_move_item(
    *, item: FilmListItem, step: int, limit: ContentLimit | None = None
) -> None:
    """Move one item up (step -1) or down (+1) past the next item the owner sees
    (under a content limit `limit`, hidden items keep their positions, as in
    `list_reorder`); at either end nothing changes."""
    film_list = item.film_list
    hidden = _hidden_item_ids(film_list, limit)
    shown = [
        pk for pk in film_list.items.values_list("pk", flat=True) if pk not in hidden
    ]
    if item.pk not in shown:
        return
    index = shown.index(item.pk)
    target = index + step
    if 0 <= target < len(shown):
        shown[index], shown[target] = shown[target], shown[index]
        list_reorder(film_list=film_list, item_ids=shown, limit=limit)


def _renumber(film_list: FilmList, ordered_ids: list[int]) -> None:
    items = {item.pk: item for item in film_list.items.all()}
    changed = []
    for position, pk in enumerate(ordered_ids, start=1):
        item = items[pk]
        if item.position != position:
            item.position = position
            changed.append(item)
    FilmListItem.objects.bulk_update(changed, ["position"])

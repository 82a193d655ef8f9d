"""Filters of film lists that depend on who is looking, contributed by the apps above
the catalogue (the watch app's "on my services").

The catalogue, search and members apps show film lists (browse, search results, a
watchlist, a member's list) and must not import the apps that know what a member
subscribes to. Those apps register a `PersonalFilmFilter` instead, in a
`film_filters.py` module discovered when Django starts (`CatalogueConfig.ready()`):

    # watch/film_filters.py
    register_film_filter(PersonalFilmFilter(name="on_my_services", ...))

A list page reads `?<name>=true`, narrows its films with `apply_film_filters()` and
shows the filter's control (`film_filter_controls()`). The query parameter is
registered with the whole-page cache as personal: a filtered page is rendered for
the member who asked, never served from the visitors' copy nor stored into it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import autodiscover_modules

from cinematheque.catalogue.models import Film
from cinematheque.catalogue.parameters import ParameterError, shown
from cinematheque.pages.cache import register_personal_parameter
from cinematheque.pages.personal import register_site_personal_field

Rows = TypeVar("Rows", bound=Model)

TRUE_VALUES = frozenset({"true", "1", "on", "yes"})
FALSE_VALUES = frozenset({"false", "0", "off", "no", ""})
# Set on the request once a personal filter has narrowed an answer (api/caching.py
# marks such answers private).
APPLIED_ATTRIBUTE = "_personal_film_filters"


@dataclass(frozen=True)
class PersonalFilmFilter:
    name: str
    """The query parameter (`?on_my_services=true`) and the key in JSON."""
    label: str
    """The control's text: "On my services"."""
    condition: Callable[[HttpRequest, str], Q]
    """`condition(request, film_field)`: the rows whose film (the field named
    `film_field` of the rows filtered: "pk" for films, "film_id" for watchlist
    entries) passes for the member making the request."""
    available: Callable[[HttpRequest], bool]
    """Whether the member can use it (has declared services); False for visitors."""
    setup_url_name: str
    """Where a member sets it up (`watch:services`)."""
    setup_label: str
    """The link shown instead of the control: "Choose your streaming services"."""
    setup_message: str = ""
    """Why the list is not narrowed (a visitor) or is empty (nothing set up yet)."""
    description: str = ""

    @property
    def setup_url(self) -> str:
        try:
            return reverse(self.setup_url_name)
        except NoReverseMatch:
            return ""


class MemberOnlyFilter(ParameterError):
    """A personal filter asked for by someone who is not signed in."""


_filters: dict[str, PersonalFilmFilter] = {}


def register_film_filter(film_filter: PersonalFilmFilter) -> PersonalFilmFilter:
    """Offer `film_filter` on every film list; its parameter becomes personal for
    the page cache."""
    _filters[film_filter.name] = film_filter
    register_personal_parameter(film_filter.name)
    return film_filter


def unregister_film_filter(name: str) -> None:
    _filters.pop(name, None)


def film_filters() -> list[PersonalFilmFilter]:
    return list(_filters.values())


def autodiscover() -> None:
    """Import the `film_filters` module of every installed app that has one."""
    autodiscover_modules("film_filters")


def is_on(name: str, raw: str | None) -> bool:
    """Read a filter's value: true/1/on/yes or false/0/off/no/empty; ParameterError
    for anything else."""
    value = (raw or "").strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ParameterError(name, f"{name} must be true or false, not {shown(raw or '')}.")


def requested_filters(query: Mapping[str, Any]) -> list[PersonalFilmFilter]:
    """The registered filters turned on in `query` (request.GET); ParameterError for
    a value that is neither true nor false."""
    return [
        f for f in _filters.values() if f.name in query and is_on(f.name, query[f.name])
    ]


def is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def apply_film_filters(
    request: HttpRequest,
    rows: QuerySet[Rows],
    *,
    film_field: str = "pk",
    chosen: Collection[PersonalFilmFilter] | None = None,
) -> QuerySet[Rows]:
    """Narrow `rows` (films, or rows with a film such as watchlist entries, whose
    film id is `film_field`) by the personal filters the request turns on (or
    `chosen`). MemberOnlyFilter when one is on and nobody is signed in;
    ParameterError for a malformed value."""
    chosen = requested_filters(request.GET) if chosen is None else chosen
    if not chosen:
        return rows
    if not is_signed_in(request):
        names = ", ".join(f.name for f in chosen)
        raise MemberOnlyFilter(
            names, f"{names} filters by a member's own choices: sign in first."
        )
    setattr(request, APPLIED_ATTRIBUTE, [f.name for f in chosen])
    for film_filter in chosen:
        rows = rows.filter(film_filter.condition(request, film_field))
    return rows


def film_ids_passing(
    request: HttpRequest,
    film_ids: Collection[int],
    chosen: Collection[PersonalFilmFilter],
) -> set[int]:
    """Which of these films pass the chosen filters for the member (search results,
    which are ranked in Python, are narrowed this way)."""
    films = apply_film_filters(
        request, Film.objects.filter(pk__in=list(film_ids)), chosen=chosen
    )
    return set(films.values_list("pk", flat=True))


def was_filtered_for_member(request: HttpRequest) -> bool:
    """Whether a personal filter narrowed this request's answer."""
    return bool(getattr(request, APPLIED_ATTRIBUTE, None))


def film_filter_controls(
    request: HttpRequest,
    *,
    chosen: Collection[PersonalFilmFilter] = (),
    shared: bool = False,
    query: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """What the list page shows for each filter: the control (a checkbox, or a link
    that turns it on with the other parameters of `query` kept) for a member who can
    use it, else the link to set it up. A `shared` page (the cached copy everyone
    gets) cannot tell, and shows the link; `film_filters.js` swaps in the control
    for a member who can use it (the site's personal field `film_filters`)."""
    controls = []
    chosen_names = {f.name for f in chosen}
    for film_filter in _filters.values():
        on = film_filter.name in chosen_names
        if shared:
            usable: bool | None = None
        else:
            usable = is_signed_in(request) and film_filter.available(request)
        kept = {k: v for k, v in (query or {}).items() if v and k != "page"}
        kept.pop(film_filter.name, None)
        controls.append(
            {
                "name": film_filter.name,
                "label": film_filter.label,
                "on": on,
                "usable": usable,
                "setup_url": film_filter.setup_url,
                "setup_label": film_filter.setup_label,
                "turn_on_url": "?" + urlencode({**kept, film_filter.name: "true"}),
                "turn_off_url": "?" + urlencode(kept),
                "signed_in": is_signed_in(request),
            }
        )
    return controls


def film_filter_notice(
    request: HttpRequest, chosen: Collection[PersonalFilmFilter]
) -> dict[str, str] | None:
    """The notice a list page shows when a filter it was asked for cannot work for
    this person: a visitor (the list is not narrowed), or a member who has not set
    it up (the list is empty). None when every chosen filter works."""
    for film_filter in chosen:
        if not is_signed_in(request) or not film_filter.available(request):
            return {
                "message": film_filter.setup_message,
                "setup_url": film_filter.setup_url,
                "setup_label": film_filter.setup_label,
            }
    return None


def _usable_filters(request: HttpRequest) -> dict[str, bool]:
    """The site's personal field: which filters this member can use."""
    if not is_signed_in(request):
        return {}
    return {f.name: bool(f.available(request)) for f in _filters.values()}


register_site_personal_field("film_filters", _usable_filters)

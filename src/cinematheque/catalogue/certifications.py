"""Certifications (age ratings) by country, their order, and the content limit that a
family account sets: a ceiling above which films are hidden for that account.

A film stores one certification and the country that issued it (`Film.certification`,
`Film.certification_country`; the bundled catalogue's are all US, and an empty country
reads as US). To compare ratings of different countries, every known rating has a
*level*: the age it is roughly meant for, with the usual equivalences (US PG-13, GB 12A
and the French and German 12 are one level). A limit of "PG-13" hides every film whose
rating is of a higher level in any country (R, GB 15, FR 16, DE 16…).

A film whose rating is missing or not one of the known ones ("Not Rated", "Approved",
a misspelling) has an *unknown* certification. Most films of the bundled catalogue have
none, so they stay visible under a limit unless the account also asks to hide them
(`ContentLimit.hide_unknown`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
    from cinematheque.pages.assembly import AssembledPage

DEFAULT_COUNTRY = "US"


@dataclass(frozen=True)
class Rating:
    country: str
    code: str
    level: int
    label: str


def _system(country: str, *ratings: tuple[str, int, str]) -> list[Rating]:
    return [Rating(country, code, level, label) for code, level, label in ratings]


# Each country's ratings from the most open to the most restricted: the ceilings a
# member can choose, in the order the form offers them.
SYSTEMS: dict[str, list[Rating]] = {
    "US": _system(
        "US",
        ("G", 0, "G: all ages"),
        ("PG", 8, "PG: parental guidance"),
        ("PG-13", 12, "PG-13: parents strongly cautioned"),
        ("R", 17, "R: under 17 with a parent"),
        ("NC-17", 18, "NC-17: adults only"),
    ),
    "GB": _system(
        "GB",
        ("U", 0, "U: universal"),
        ("PG", 8, "PG: parental guidance"),
        ("12A", 12, "12A: under 12 with an adult"),
        ("12", 12, "12: 12 and over"),
        ("15", 15, "15: 15 and over"),
        ("18", 18, "18: adults only"),
        ("R18", 19, "R18: restricted, adults only"),
    ),
    "FR": _system(
        "FR",
        ("U", 0, "Tous publics"),
        ("10", 10, "10: not under 10"),
        ("12", 12, "12: not under 12"),
        ("16", 16, "16: not under 16"),
        ("18", 18, "18: not under 18"),
    ),
    "DE": _system(
        "DE",
        ("0", 0, "FSK 0: all ages"),
        ("6", 6, "FSK 6: 6 and over"),
        ("12", 12, "FSK 12: 12 and over"),
        ("16", 16, "FSK 16: 16 and over"),
        ("18", 18, "FSK 18: adults only"),
    ),
}
COUNTRY_NAMES = {
    "US": "United States",
    "GB": "United Kingdom",
    "FR": "France",
    "DE": "Germany",
}
# Ratings that films carry but no one chooses as a ceiling: former names of the US
# ratings (M and GP became PG by 1972, X became NC-17 in 1990; M/PG is how the bundled
# data writes M), the US television ratings that TV films carry, and other spellings.
OTHER_SPELLINGS: dict[str, list[tuple[str, int]]] = {
    "US": [
        ("M", 8),
        ("GP", 8),
        ("M/PG", 8),
        ("X", 18),
        ("TV-Y", 0),
        ("TV-G", 0),
        ("TV-Y7", 6),
        ("TV-PG", 8),
        ("TV-14", 15),
        ("TV-MA", 17),
    ],
    "FR": [("TP", 0)],
    "DE": [("FSK 0", 0), ("FSK 6", 6), ("FSK 12", 12), ("FSK 16", 16), ("FSK 18", 18)],
}


def _levels() -> dict[tuple[str, str], int]:
    levels = {
        (rating.country, rating.code): rating.level
        for ratings in SYSTEMS.values()
        for rating in ratings
    }
    for country, spellings in OTHER_SPELLINGS.items():
        levels.update(((country, code), level) for code, level in spellings)
    return levels


LEVELS = _levels()
CODES_BY_COUNTRY: dict[str, dict[str, int]] = {}
for (_country, _code), _level in LEVELS.items():
    CODES_BY_COUNTRY.setdefault(_country, {})[_code] = _level


def _ceiling_value(rating: Rating) -> str:
    # A US rating is stored bare ("PG-13", as the field's help text has it); others
    # name their country ("GB:12A").
    if rating.country == DEFAULT_COUNTRY:
        return rating.code
    return f"{rating.country}:{rating.code}"


CEILINGS: dict[str, Rating] = {
    _ceiling_value(rating): rating for ratings in SYSTEMS.values() for rating in ratings
}
# Grouped by country, as the form's <optgroup>s.
CEILING_CHOICES: list[tuple[str, Any]] = [("", "No limit")] + [
    (
        COUNTRY_NAMES[country],
        [(_ceiling_value(rating), rating.label) for rating in ratings],
    )
    for country, ratings in SYSTEMS.items()
]


def certification_level(certification: str, country: str = "") -> int | None:
    """The level of a film's rating, or None when it is unknown. Compared as stored
    (sources write ratings in capitals), exactly as `ContentLimit.film_filter` does."""
    if not certification:
        return None
    return LEVELS.get((country or DEFAULT_COUNTRY, certification))


@dataclass(frozen=True)
class ContentLimit:
    """The films an account may see: rated at most `level` (the ceiling's level), and
    films of unknown rating unless `hide_unknown`."""

    ceiling: Rating
    hide_unknown: bool = False

    @property
    def level(self) -> int:
        return self.ceiling.level

    @property
    def label(self) -> str:
        """e.g. "PG-13 (United States)"."""
        return f"{self.ceiling.code} ({COUNTRY_NAMES[self.ceiling.country]})"

    def allows(self, certification: str, country: str = "") -> bool:
        """Whether a film with this rating may be shown under the limit."""
        level = certification_level(certification, country)
        if level is None:
            return not self.hide_unknown
        return level <= self.level

    def allows_film(self, film: Any) -> bool:
        """`allows` for anything with `certification` (and, optionally,
        `certification_country`) attributes, such as a Film."""
        return self.allows(
            film.certification, getattr(film, "certification_country", "")
        )

    def film_filter(self, prefix: str = "") -> Q:
        """A Q on Film (or on a relation to it, with `prefix` such as "film__")
        keeping the films the limit allows: one IN per country, no join."""
        allowed = Q(pk__in=[])
        known = Q(pk__in=[])
        for country, codes in CODES_BY_COUNTRY.items():
            countries = [country, ""] if country == DEFAULT_COUNTRY else [country]
            in_country = Q(**{f"{prefix}certification_country__in": countries})
            known |= in_country & Q(**{f"{prefix}certification__in": list(codes)})
            allowed |= in_country & Q(
                **{
                    f"{prefix}certification__in": [
                        code for code, level in codes.items() if level <= self.level
                    ]
                }
            )
        return allowed if self.hide_unknown else allowed | ~known

    def hidden_ids(self, films: Iterable[tuple[int, str, str]]) -> set[int]:
        """The ids among (id, certification, country) rows that the limit hides."""
        return {
            film_id
            for film_id, certification, country in films
            if not self.allows(certification, country)
        }


def content_limit_parse(
    value: str, *, hide_unknown: bool = False
) -> ContentLimit | None:
    """The limit stored as `value` ("PG-13", "GB:15"), or None for no limit.

    A value that is not a known ceiling (typed into the database by hand) limits to
    the most open rating: a family setting fails closed, never open."""
    value = value.strip()
    if not value:
        return None
    ceiling = CEILINGS.get(value) or CEILINGS.get(value.upper())
    if ceiling is None:
        ceiling = SYSTEMS[DEFAULT_COUNTRY][0]
    return ContentLimit(ceiling=ceiling, hide_unknown=hide_unknown)


REQUEST_ATTRIBUTE = "_cinematheque_content_limit"


def content_limit_for(request: Any) -> ContentLimit | None:
    """The content limit of whoever makes the request (a signed-in member, or the
    owner of the API token the request carries), or None.

    Read from the account's `content_limit` and `content_limit_hides_unknown`
    attributes (the members app's User), so the catalogue imports no members code.
    Worked out once per request."""
    if hasattr(request, REQUEST_ATTRIBUTE):
        return getattr(request, REQUEST_ATTRIBUTE)
    limit = None
    for user in (getattr(request, "auth", None), getattr(request, "user", None)):
        if user is not None and getattr(user, "is_authenticated", False):
            limit = content_limit_parse(
                getattr(user, "content_limit", "") or "",
                hide_unknown=bool(getattr(user, "content_limit_hides_unknown", False)),
            )
            break
    setattr(request, REQUEST_ATTRIBUTE, limit)
    return limit


def sections_within_limit(
    assembled: AssembledPage, limit: ContentLimit | None
) -> AssembledPage:
    """The page's sections without the films `limit` hides, for a page rendered for
    one member (a person's "Where to start"): a section that knows how to leave
    them out does it (its `within_limit`, e.g. the home page's collections, whose
    thumbnails and counts must both change); in the others every list in the
    context loses the items that are, or hold as `.film`, a film the limit hides."""
    from cinematheque.pages.registry import section_named

    if limit is None:
        return assembled
    for name, context in list(assembled.contexts.items()):
        own = section_named(assembled.page, name).within_limit
        if own is not None:
            assembled.contexts[name] = own(context, limit)
            continue
        assembled.contexts[name] = {
            key: _films_within(value, limit) if isinstance(value, list) else value
            for key, value in context.items()
        }
    return assembled


def _films_within(items: list[Any], limit: ContentLimit) -> list[Any]:
    def allowed(item: Any) -> bool:
        film = getattr(item, "film", item)
        if not hasattr(film, "certification"):
            return True
        return limit.allows_film(film)

    return [item for item in items if allowed(item)]

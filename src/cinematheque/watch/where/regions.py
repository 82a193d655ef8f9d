"""Which country's offers a person sees: the member's `region` setting, else the
`watch_region` cookie the visitor picked, else a guess from `Accept-Language`, else
the operator's `CINEMATHEQUE_REGION`."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from cinematheque.pages.cookie_names import read_site_cookie
from cinematheque.watch.where.countries import country_name, normalise_country

WATCH_REGION_COOKIE = "watch_region"
COOKIE_SECONDS = 365 * 24 * 3600

# A language alone ("de", with no country after it) is taken for the country where
# most of its speakers live. English, Arabic and Chinese are left out on purpose:
# too many countries speak them for one guess ("en" alone gets the operator's
# region). Spanish and Portuguese keep Spain and Portugal: browsers of Latin
# America send "es-MX", "pt-BR", which name their country.
LANGUAGE_COUNTRIES: dict[str, str] = {
    "bg": "BG",
    "ca": "ES",
    "cs": "CZ",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "es": "ES",
    "et": "EE",
    "fi": "FI",
    "fr": "FR",
    "he": "IL",
    "hi": "IN",
    "hr": "HR",
    "hu": "HU",
    "id": "ID",
    "is": "IS",
    "it": "IT",
    "ja": "JP",
    "ko": "KR",
    "lt": "LT",
    "lv": "LV",
    "ms": "MY",
    "nb": "NO",
    "nl": "NL",
    "nn": "NO",
    "no": "NO",
    "pl": "PL",
    "pt": "PT",
    "ro": "RO",
    "ru": "RU",
    "sk": "SK",
    "sl": "SI",
    "sr": "RS",
    "sv": "SE",
    "th": "TH",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
}
_QUALITY = re.compile(r"^q=([01](?:\.\d{0,3})?)$")


class RegionFrom(enum.StrEnum):
    MEMBER = "member"
    COOKIE = "cookie"
    LANGUAGE = "language"
    DEFAULT = "default"


@dataclass(frozen=True)
class Region:
    code: str
    origin: RegionFrom

    @property
    def name(self) -> str:
        return country_name(self.code)


def default_region() -> str:
    """The operator's region (`CINEMATHEQUE_REGION`), "US" if it is not a country."""
    return normalise_country(settings.CINEMATHEQUE_REGION) or "US"


def resolve_region(request: HttpRequest) -> Region:
    """The region whose offers this request sees, and where the choice came from."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        member_region = normalise_country(getattr(user, "region", ""))
        if member_region:
            return Region(member_region, RegionFrom.MEMBER)
    cookie = normalise_country(read_site_cookie(request, WATCH_REGION_COOKIE))
    if cookie:
        return Region(cookie, RegionFrom.COOKIE)
    guessed = region_from_accept_language(request.headers.get("Accept-Language", ""))
    if guessed:
        return Region(guessed, RegionFrom.LANGUAGE)
    return Region(default_region(), RegionFrom.DEFAULT)


def region_from_accept_language(header: str) -> str | None:
    """The country of the visitor's preferred language: its own country subtag
    ("fr-CA" → CA), else the language's usual country ("de" → DE); None when the
    preferred language says nothing about a country ("en", "*", garbage)."""
    languages = _by_preference(header)
    if not languages:
        return None
    subtags = languages[0].split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 2 and subtag.isalpha():  # "419" (a UN region) is not one
            return normalise_country(subtag)
    return LANGUAGE_COUNTRIES.get(subtags[0].lower())


def _by_preference(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:500].split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            match = _QUALITY.match(parameter.replace(" ", ""))
            if match:
                quality = float(match.group(1))
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.replace("_", "-")))
    return [tag for _quality, _position, tag in sorted(weighted)]

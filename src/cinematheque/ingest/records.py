"""The one contract between a source and the catalogue: normalised records.

Every source (`bundled.py`, `tmdb.py`, `imdb.py`) turns its input into these plain,
immutable records and hands them to the shared upsert layer, which identifies films
and people by their external ids, keeps provenance per field and applies the
operator's order of preference. A source never writes models itself.

Conventions every source follows:

* **Absent is `None`.** A scalar the source does not give (no budget, no tagline) is
  `None`, and never erases what another source gave. An empty string is never a value:
  a source turns "" and its own null markers (IMDb's `\\N`) into `None`.
* **A collection is `None` when the source did not look, a tuple when it did.** A
  tuple, even an empty one, is the source's complete list for that film (its earlier
  rows for the film that are not in the tuple go); `None` leaves that source's rows
  as they are (a TMDB fetch without `videos` in `append_to_response`). Rows from other
  sources are never touched either way.
* **Identity is by external id only** (`ExternalId`), never by title or name. A film
  or person record carries every id the source knows; two people with one name are two
  records with different ids.
* **Codes are normalised**: countries are ISO 3166-1 alpha-2 upper case ("US"),
  languages ISO 639-1 lower case ("en"), currencies ISO 4217 ("USD"), money in whole
  units of the currency, runtimes in minutes.
* Records are validated when built: a bad value raises `ValueError` (an
  `InvalidRecord`) with a message a source can report for the row it skips.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum


class InvalidRecord(ValueError):
    """A record that breaks the contract; the message says which value and why."""


class Namespace(StrEnum):
    """Where an external id comes from; the value is the namespace stored in the
    external-id tables."""

    IMDB = "imdb"  # tt0113277 for a film, nm0000134 for a person
    TMDB = "tmdb"  # TMDB's numeric id, as a string: "949"
    WIKIDATA = "wikidata"  # Q42198


_ID_PATTERNS: dict[tuple[Namespace, str], re.Pattern[str]] = {
    (Namespace.IMDB, "film"): re.compile(r"^tt\d{7,10}$"),
    (Namespace.IMDB, "person"): re.compile(r"^nm\d{7,10}$"),
    (Namespace.TMDB, "film"): re.compile(r"^[1-9]\d{0,9}$"),
    (Namespace.TMDB, "person"): re.compile(r"^[1-9]\d{0,9}$"),
    (Namespace.WIKIDATA, "film"): re.compile(r"^Q[1-9]\d{0,11}$"),
    (Namespace.WIKIDATA, "person"): re.compile(r"^Q[1-9]\d{0,11}$"),
}
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class ExternalId:
    """An identifier a source gives a film or person: `ExternalId("imdb", "tt0113277")`.

    Validity depends on what it names (`tt…` films, `nm…` people), so it is checked by
    `FilmRecord` and `PersonRecord`, not here.
    """

    namespace: Namespace
    value: str

    def __post_init__(self) -> None:
        try:
            namespace = Namespace(self.namespace)
        except ValueError:
            raise InvalidRecord(f"{self.namespace!r} is not an id namespace") from None
        object.__setattr__(self, "namespace", namespace)
        object.__setattr__(self, "value", str(self.value).strip())

    def __str__(self) -> str:
        return f"{self.namespace}:{self.value}"

    @classmethod
    def imdb(cls, value: str) -> ExternalId:
        return cls(Namespace.IMDB, value)

    @classmethod
    def tmdb(cls, value: int | str) -> ExternalId:
        return cls(Namespace.TMDB, str(value))

    @classmethod
    def wikidata(cls, value: str) -> ExternalId:
        return cls(Namespace.WIKIDATA, value)

    def check(self, kind: str) -> None:
        """Raise InvalidRecord unless this is a valid id of a `kind` ("film"/"person")."""
        if not _ID_PATTERNS[(self.namespace, kind)].match(self.value):
            raise InvalidRecord(f"{self} is not a valid {self.namespace} {kind} id")


def _check_ids(ids: tuple[ExternalId, ...], kind: str) -> None:
    if not ids:
        raise InvalidRecord(f"a {kind} record needs at least one external id")
    for external_id in ids:
        external_id.check(kind)
    namespaces = [external_id.namespace for external_id in ids]
    for namespace in set(namespaces):
        if namespaces.count(namespace) > 1:
            raise InvalidRecord(f"a {kind} record has two {namespace} ids")


def _check_code(value: str, pattern: re.Pattern[str], what: str) -> None:
    if not pattern.match(value):
        raise InvalidRecord(f"{what} {value!r} is not a valid code")


def _check_text(value: str | None, what: str, max_length: int) -> None:
    if value is None:
        return
    if not value.strip():
        raise InvalidRecord(f"{what} is empty: use None for no value")
    if len(value) > max_length:
        raise InvalidRecord(f"{what} {value[:40]!r}… is over {max_length} characters")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in whole units of an ISO 4217 currency: `Money(60_000_000, "USD")`."""

    amount: int
    currency: str = "USD"

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidRecord(f"amount {self.amount!r} is not a whole number")
        if self.amount < 0:
            raise InvalidRecord(f"amount {self.amount} is negative")
        _check_code(self.currency, _CURRENCY, "currency")


class DatePrecision(StrEnum):
    """How much of a date the source knows (same values as Film.DatePrecision)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class ReleaseKind(StrEnum):
    """TMDB's release types, by name (TMDB numbers them 1-6)."""

    PREMIERE = "premiere"
    THEATRICAL_LIMITED = "theatrical_limited"
    THEATRICAL = "theatrical"
    DIGITAL = "digital"
    PHYSICAL = "physical"
    TV = "tv"


@dataclass(frozen=True, slots=True)
class ReleaseDate:
    """A release in one country; `country` "" when the source does not say where."""

    date: datetime.date
    country: str = ""
    precision: DatePrecision = DatePrecision.DAY
    kind: ReleaseKind = ReleaseKind.THEATRICAL
    note: str = ""  # e.g. the festival of a premiere

    def __post_init__(self) -> None:
        if self.country:
            _check_code(self.country, _COUNTRY, "country")
        object.__setattr__(self, "precision", DatePrecision(self.precision))
        object.__setattr__(self, "kind", ReleaseKind(self.kind))


@dataclass(frozen=True, slots=True)
class Certification:
    """An age rating in one country's system: `Certification("US", "R")`."""

    country: str
    rating: str

    def __post_init__(self) -> None:
        _check_code(self.country, _COUNTRY, "certification country")
        _check_text(self.rating, "certification", 20)


@dataclass(frozen=True, slots=True)
class AlternativeTitle:
    """Another title of the film: a release title in a country, a translation, a
    working title (`kind` as the source words it, e.g. "working title")."""

    title: str
    country: str = ""
    language: str = ""
    kind: str = ""

    def __post_init__(self) -> None:
        _check_text(self.title, "alternative title", 500)
        if self.country:
            _check_code(self.country, _COUNTRY, "alternative title country")
        if self.language:
            _check_code(self.language, _LANGUAGE, "alternative title language")


@dataclass(frozen=True, slots=True)
class Translation:
    """The film's title, overview and tagline in one language (and, for a regional
    variant, one country: pt-BR), as a source translated them."""

    language: str
    country: str = ""
    title: str = ""
    overview: str = ""
    tagline: str = ""

    def __post_init__(self) -> None:
        _check_code(self.language, _LANGUAGE, "translation language")
        if self.country:
            _check_code(self.country, _COUNTRY, "translation country")
        if not (self.title or self.overview or self.tagline):
            raise InvalidRecord(f"the {self.tag} translation is empty")
        _check_text(self.title or None, "translated title", 500)
        _check_text(self.tagline or None, "translated tagline", 1000)

    @property
    def tag(self) -> str:
        """The BCP 47 tag: 'fr', 'pt-BR'."""
        return f"{self.language}-{self.country}" if self.country else self.language


class VideoKind(StrEnum):
    """Same values as catalogue.Video.Kind."""

    TRAILER = "trailer"
    TEASER = "teaser"
    CLIP = "clip"
    FEATURETTE = "featurette"
    BEHIND_THE_SCENES = "behind_the_scenes"
    BLOOPERS = "bloopers"


class VideoSite(StrEnum):
    """Same values as catalogue.Video.Site."""

    YOUTUBE = "youtube"
    VIMEO = "vimeo"


@dataclass(frozen=True, slots=True)
class Video:
    """A video hosted elsewhere, addressed by the site's key."""

    kind: VideoKind
    site: VideoSite
    key: str
    name: str = ""
    language: str = ""
    official: bool = False
    """Published by the film's studio or distributor (TMDB's `official`)."""
    published_at: datetime.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", VideoKind(self.kind))
        object.__setattr__(self, "site", VideoSite(self.site))
        _check_text(self.key, "video key", 64)


class ImageKind(StrEnum):
    POSTER = "poster"
    BACKDROP = "backdrop"
    LOGO = "logo"
    PROFILE = "profile"


@dataclass(frozen=True, slots=True)
class Image:
    """An image the source hosts. `path` is the source's own path (TMDB's
    "/rRpq….jpg"); the source module builds URLs from it (TMDB `/configuration`)."""

    kind: ImageKind
    path: str
    width: int | None = None
    height: int | None = None
    language: str = ""
    vote_average: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ImageKind(self.kind))
        _check_text(self.path, "image path", 300)


class OfferKind(StrEnum):
    """How a provider offers the film (TMDB's watch/providers keys)."""

    FLATRATE = "flatrate"  # subscription
    FREE = "free"
    ADS = "ads"
    RENT = "rent"
    BUY = "buy"


@dataclass(frozen=True, slots=True)
class WatchProvider:
    """Where the film can be watched in one country (TMDB credits JustWatch)."""

    country: str
    provider: str
    kind: OfferKind
    provider_id: str = ""
    logo_path: str = ""
    link: str = ""
    display_priority: int | None = None

    def __post_init__(self) -> None:
        _check_code(self.country, _COUNTRY, "watch provider country")
        _check_text(self.provider, "provider", 200)
        object.__setattr__(self, "kind", OfferKind(self.kind))


class ScoreKind(StrEnum):
    """Same values as catalogue.ReviewScore.Kind."""

    TOMATOMETER = "rt_tomatometer"
    RT_AVERAGE = "rt_average"
    RT_AUDIENCE = "rt_audience"
    METACRITIC = "metacritic"
    IMDB = "imdb"


@dataclass(frozen=True, slots=True)
class ReviewScore:
    """A critics' or audience score the source publishes (never a member's rating)."""

    kind: ScoreKind
    value: float
    scale: int
    review_count: int | None = None
    fresh_count: int | None = None
    rotten_count: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ScoreKind(self.kind))
        if not 0 <= self.value <= self.scale:
            raise InvalidRecord(f"{self.kind} {self.value} is outside 0-{self.scale}")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as one source knows them.

    In a credit, a record may carry only ids and a name (TMDB's cast entries, IMDb's
    principals before `name.basics` is read); its `None` fields then leave what is
    known about the person as it is.

    A source that has no person ids at all (the bundled table) gives a name and no
    ids: such a person is identified by exact name among that source's own people
    only, never matched to another source's person by name.
    """

    ids: tuple[ExternalId, ...]
    name: str | None = None
    birth_year: int | None = None
    death_year: int | None = None
    profile_image: Image | None = None
    known_for_department: str | None = None
    retrieved_at: datetime.datetime | None = None
    # The details of a person's own page (TMDB's /person/{id}); None: not looked at.
    birthday: datetime.date | None = None
    deathday: datetime.date | None = None
    place_of_birth: str | None = None
    biography: str | None = None
    also_known_as: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", tuple(self.ids))
        if self.also_known_as is not None:
            object.__setattr__(self, "also_known_as", tuple(self.also_known_as))
        if self.birthday and self.deathday and self.deathday < self.birthday:
            raise InvalidRecord(
                f"death date {self.deathday} is before birth date {self.birthday}"
            )
        if self.ids or not self.name:
            _check_ids(self.ids, "person")
        _check_text(self.name, "name", 300)
        for what, year in (
            ("birth year", self.birth_year),
            ("death year", self.death_year),
        ):
            if year is not None and not 1000 <= year <= 2200:
                raise InvalidRecord(f"{what} {year} is not plausible")
        if self.birth_year and self.death_year and self.death_year < self.birth_year:
            raise InvalidRecord(
                f"death year {self.death_year} is before birth year {self.birth_year}"
            )

    def id_in(self, namespace: Namespace) -> str | None:
        return next((i.value for i in self.ids if i.namespace == namespace), None)


class Department(StrEnum):
    """Same values as people.Credit.Department."""

    DIRECTING = "directing"
    WRITING = "writing"
    ACTING = "acting"
    PRODUCTION = "production"
    CAMERA = "camera"
    EDITING = "editing"
    SOUND = "sound"
    ART = "art"


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """One person's role on the film.

    `order` is the billing order within the department as the source gives it (0 first;
    TMDB's cast `order`, IMDb's `ordering`); `None` when the source lists people in no
    meaningful order (the bundled cast is alphabetical), so that billing is estimated.
    """

    person: PersonRecord
    department: Department
    job: str
    character: str = ""
    order: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "department", Department(self.department))
        _check_text(self.job, "job", 100)
        if len(self.character) > 300:
            raise InvalidRecord(f"character {self.character[:40]!r}… is too long")
        if self.order is not None and self.order < 0:
            raise InvalidRecord(f"billing order {self.order} is negative")


@dataclass(frozen=True, slots=True)
class FilmRecord:
    """Everything one source says about one film at one time.

    Names of genres, keywords, countries, languages and companies are as the source
    words them (genres are mapped to the catalogue's by the upsert). `year` is the
    year of first release; `release_dates` hold the releases by country.
    """

    ids: tuple[ExternalId, ...]
    title: str | None = None
    original_title: str | None = None
    year: int | None = None
    runtime: int | None = None
    overview: str | None = None
    tagline: str | None = None
    budget: Money | None = None
    box_office: Money | None = None
    original_language: str | None = None
    release_dates: tuple[ReleaseDate, ...] | None = None
    certifications: tuple[Certification, ...] | None = None
    genres: tuple[str, ...] | None = None
    keywords: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    companies: tuple[str, ...] | None = None
    alternative_titles: tuple[AlternativeTitle, ...] | None = None
    translations: tuple[Translation, ...] | None = None
    videos: tuple[Video, ...] | None = None
    images: tuple[Image, ...] | None = None
    watch_providers: tuple[WatchProvider, ...] | None = None
    review_scores: tuple[ReviewScore, ...] | None = None
    credits: tuple[CreditRecord, ...] | None = None
    awards: str | None = None
    oscar_wins: int | None = None
    adult: bool = False
    retrieved_at: datetime.datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", tuple(self.ids))
        _check_ids(self.ids, "film")
        for what, text, limit in (
            ("title", self.title, 500),
            ("original title", self.original_title, 500),
            ("tagline", self.tagline, 1000),
            ("overview", self.overview, 20_000),
            ("awards", self.awards, 300),
        ):
            _check_text(text, what, limit)
        if self.year is not None and not 1870 <= self.year <= 2200:
            raise InvalidRecord(f"year {self.year} is not plausible")
        if self.runtime is not None and not 0 < self.runtime <= 10_000:
            raise InvalidRecord(f"runtime {self.runtime} is not a number of minutes")
        if self.original_language is not None:
            _check_code(self.original_language, _LANGUAGE, "original language")
        if self.oscar_wins is not None and self.oscar_wins < 0:
            raise InvalidRecord(f"Oscar wins {self.oscar_wins} is negative")

    def id_in(self, namespace: Namespace) -> str | None:
        """The film's id in `namespace`, or None."""
        return next((i.value for i in self.ids if i.namespace == namespace), None)

    def certification_in(self, country: str) -> str | None:
        """The film's age rating in `country`, or None."""
        return next(
            (c.rating for c in self.certifications or () if c.country == country), None
        )

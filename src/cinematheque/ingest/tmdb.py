"""The TMDB source: an HTTP client for TMDB's v3 API and the mapping of its answers
to the normalised records of `ingest/records.py`.

The client reads films (with `append_to_response`), people, `/find` by IMDb id,
`/configuration` (where images live) and `/movie/changes`. It respects the service:
a ceiling on requests per second, `Retry-After` on 429, retries with jitter on 5xx
and timeouts, and one clear exception for a refused key (401) or a missing id (404).
The clock, the sleep and the random source are injectable so that tests never wait.

The mapping functions are pure: JSON in, records out; nothing here writes the database.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from cinematheque.ingest.records import (
    AlternativeTitle,
    Certification,
    CreditRecord,
    DatePrecision,
    Department,
    ExternalId,
    FilmRecord,
    Image,
    ImageKind,
    InvalidRecord,
    Money,
    OfferKind,
    PersonRecord,
    ReleaseDate,
    ReleaseKind,
    Translation,
    Video,
    VideoKind,
    VideoSite,
    WatchProvider,
)

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.themoviedb.org/3"
DEFAULT_REQUESTS_PER_SECOND = 20.0  # TMDB's ceiling is "in the 40s" per second
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 4
MAX_RETRY_AFTER = 60.0  # never sleep longer than this on one 429
MAX_APPENDED = 20  # TMDB answers 400 (status_code 27) beyond 20 appended blocks
CHANGES_WINDOW_DAYS = 14  # TMDB answers 422 (status_code 20) beyond 14 days
FILM_BLOCKS: tuple[str, ...] = (
    "credits",
    "videos",
    "release_dates",
    "watch/providers",
    "external_ids",
    "keywords",
    "images",
    "alternative_titles",
    "translations",
)


class TmdbError(Exception):
    """TMDB could not answer; the message says why and what to do."""


class TmdbAuthError(TmdbError):
    """TMDB refused the credentials (401)."""


class TmdbNotFound(TmdbError):
    """TMDB has no such film, person or page (404)."""


class TmdbUnavailable(TmdbError):
    """TMDB kept failing (5xx, timeouts, 429) after every retry."""


@dataclass(frozen=True)
class TmdbCredentials:
    """An API key (sent as `api_key`) or a read-access token (sent as a Bearer
    header); the token wins when both are set."""

    api_key: str = ""
    read_access_token: str = ""

    def __bool__(self) -> bool:
        return bool(self.api_key or self.read_access_token)


class RequestCeiling:
    """Spaces requests so that no more than `per_second` start in any second."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the request ceiling must be a positive number per second")
        self.interval = 1.0 / per_second
        self.clock = clock
        self.sleep = sleep
        self._next_start: float | None = None

    def wait(self) -> None:
        """Sleep until the next request may start, and book that start."""
        now = self.clock()
        if self._next_start is not None and now < self._next_start:
            self.sleep(self._next_start - now)
            now = self._next_start
        self._next_start = now + self.interval


class TmdbClient:
    """A small, polite client for TMDB's v3 API. Use it as a context manager, or
    call `close()`, to release its connections."""

    def __init__(
        self,
        credentials: TmdbCredentials,
        *,
        base_url: str = DEFAULT_API_URL,
        requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND,
        retries: int = DEFAULT_RETRIES,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if not credentials:
            raise TmdbAuthError(
                "No TMDB credentials: set TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN."
            )
        headers = {"Accept": "application/json"}
        self._params: dict[str, str] = {}
        if credentials.read_access_token:
            headers["Authorization"] = f"Bearer {credentials.read_access_token}"
        else:
            self._params["api_key"] = credentials.api_key
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/", headers=headers, timeout=timeout
        )
        self._ceiling = RequestCeiling(requests_per_second, clock=clock, sleep=sleep)
        self._retries = retries
        self._sleep = sleep
        self._jitter = jitter
        self.requests_sent = 0

    def __enter__(self) -> TmdbClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- endpoints ---------------------------------------------------------------

    def movie(self, tmdb_id: int, *, blocks: Iterable[str] = FILM_BLOCKS) -> dict:
        """A film's details with `blocks` appended (`append_to_response`)."""
        appended = list(dict.fromkeys(blocks))
        if len(appended) > MAX_APPENDED:
            raise ValueError(
                f"TMDB appends at most {MAX_APPENDED} blocks per call, not {len(appended)}"
            )
        params = {"append_to_response": ",".join(appended)} if appended else {}
        return self.get(f"movie/{int(tmdb_id)}", params)

    def watch_providers(self, tmdb_id: int) -> dict:
        """A film's `/movie/{id}/watch/providers` alone (every country at once)."""
        return self.get(f"movie/{int(tmdb_id)}/watch/providers")

    def find_movie_ids(self, imdb_id: str) -> list[int]:
        """The TMDB ids of the films with this IMDb id (usually one, or none)."""
        data = self.get(
            f"find/{quote(imdb_id, safe='')}", {"external_source": "imdb_id"}
        )
        return [
            int(item["id"])
            for item in data.get("movie_results") or []
            if isinstance(item, dict) and isinstance(item.get("id"), int)
        ]

    def person(self, tmdb_id: int) -> dict:
        """A person's details with their external ids and photos appended."""
        return self.get(
            f"person/{int(tmdb_id)}", {"append_to_response": "external_ids,images"}
        )

    def configuration(self) -> dict:
        return self.get("configuration")

    def changed_movie_ids(
        self, *, start: datetime.date, end: datetime.date
    ) -> Iterator[int]:
        """Ids of the films changed between `start` and `end` (inclusive), each once,
        asked in windows of at most 14 days and every page of each window."""
        if end < start:
            raise ValueError(f"the end {end} is before the start {start}")
        seen: set[int] = set()
        for window_start, window_end in changes_windows(start, end):
            page, pages = 1, 1
            while page <= pages:
                data = self.get(
                    "movie/changes",
                    {
                        "start_date": window_start.isoformat(),
                        "end_date": window_end.isoformat(),
                        "page": str(page),
                    },
                )
                pages = min(_int(data.get("total_pages")) or 1, 500)
                for item in data.get("results") or []:
                    tmdb_id = _int(item.get("id")) if isinstance(item, dict) else None
                    if tmdb_id and tmdb_id not in seen:
                        seen.add(tmdb_id)
                        yield tmdb_id
                page += 1

    # -- transport ---------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, str] | None = None) -> dict:
        """GET a path under the base URL and return its JSON object, retrying what
        can be retried. Raises TmdbAuthError, TmdbNotFound, TmdbUnavailable or
        TmdbError."""
        query = {**self._params, **(params or {})}
        failures = 0
        while True:
            self._ceiling.wait()
            self.requests_sent += 1
            try:
                response = self._http.get(path, params=query)
            except httpx.TimeoutException as error:
                failures = self._after_failure(failures, f"timed out ({error})", path)
                continue
            except httpx.TransportError as error:
                failures = self._after_failure(failures, f"failed: {error}", path)
                continue
            status = response.status_code
            if status == 200:
                return _json_object(response, path)
            if status == 429:
                failures = self._after_rate_limit(failures, response, path)
                continue
            if status >= 500:
                failures = self._after_failure(
                    failures, f"answered {status}: {_message(response)}", path
                )
                continue
            raise _client_error(response, path)

    def _after_failure(self, failures: int, what: str, path: str) -> int:
        failures += 1
        if failures > self._retries:
            raise TmdbUnavailable(
                f"TMDB {what} for /{path}, {failures} times; try again later."
            )
        delay = backoff_delay(failures, self._jitter())
        logger.warning("TMDB %s for /%s; retrying in %.1f s", what, path, delay)
        self._sleep(delay)
        return failures

    def _after_rate_limit(
        self, failures: int, response: httpx.Response, path: str
    ) -> int:
        failures += 1
        if failures > self._retries:
            raise TmdbUnavailable(
                f"TMDB kept refusing requests as too many (429) for /{path}; "
                "lower TMDB_REQUESTS_PER_SECOND or try again later."
            )
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        logger.warning("TMDB asked to slow down (429); waiting %.1f s", delay)
        self._sleep(delay)
        return failures


def client_from_settings(**overrides: Any) -> TmdbClient:
    """A client configured by the TMDB_* settings (see the README); `overrides` go
    to TmdbClient (tests pass a fake clock and sleep)."""
    from django.conf import settings

    try:
        ceiling = float(settings.TMDB_REQUESTS_PER_SECOND)
    except ValueError:
        ceiling = -1
    if not 0 < ceiling <= 50:
        raise TmdbError(
            "TMDB_REQUESTS_PER_SECOND must be a number above 0 and at most 50 "
            f"(TMDB's own ceiling is about 40), not {settings.TMDB_REQUESTS_PER_SECOND!r}."
        )
    credentials = TmdbCredentials(
        api_key=settings.TMDB_API_KEY,
        read_access_token=settings.TMDB_READ_ACCESS_TOKEN,
    )
    options: dict[str, Any] = {
        "base_url": settings.TMDB_API_URL or DEFAULT_API_URL,
        "requests_per_second": ceiling,
        **overrides,
    }
    return TmdbClient(credentials, **options)


def backoff_delay(failures: int, jitter: float) -> float:
    """Seconds to wait after the n-th consecutive failure: exponential from 0.5 s,
    capped at 30 s, with full jitter between half and all of it."""
    ceiling = min(30.0, 0.5 * 2 ** (failures - 1))
    return ceiling * (0.5 + 0.5 * jitter)


def retry_after_seconds(value: str | None) -> float:
    """Seconds a `Retry-After` header asks for (TMDB sends whole seconds); 1 s when
    the header is missing or unreadable, never more than MAX_RETRY_AFTER."""
    try:
        seconds = float(value) if value is not None else 1.0
    except ValueError:
        seconds = 1.0
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def changes_windows(
    start: datetime.date, end: datetime.date
) -> Iterator[tuple[datetime.date, datetime.date]]:
    """Split [start, end] into windows of at most 14 days, as /movie/changes requires."""
    step = datetime.timedelta(days=CHANGES_WINDOW_DAYS - 1)
    while start <= end:
        window_end = min(start + step, end)
        yield start, window_end
        start = window_end + datetime.timedelta(days=1)


def _json_object(response: httpx.Response, path: str) -> dict:
    try:
        data = response.json()
    except ValueError:
        raise TmdbError(
            f"TMDB answered /{path} with something that is not JSON."
        ) from None
    if not isinstance(data, dict):
        raise TmdbError(f"TMDB answered /{path} with JSON that is not an object.")
    return data


def _message(response: httpx.Response) -> str:
    """TMDB's own `status_message`, or the HTTP reason when the body has none."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("status_message"), str):
        return data["status_message"]
    return response.reason_phrase or f"HTTP {response.status_code}"


def _client_error(response: httpx.Response, path: str) -> TmdbError:
    message = _message(response)
    if response.status_code == 401:
        return TmdbAuthError(
            f"TMDB refused the credentials (401: {message}). Check TMDB_API_KEY or "
            "TMDB_READ_ACCESS_TOKEN."
        )
    if response.status_code == 404:
        return TmdbNotFound(f"TMDB has nothing at /{path} (404: {message}).")
    return TmdbError(f"TMDB refused /{path} ({response.status_code}: {message}).")


# -- mapping: TMDB JSON to records -------------------------------------------------

RELEASE_KINDS = {
    1: ReleaseKind.PREMIERE,
    2: ReleaseKind.THEATRICAL_LIMITED,
    3: ReleaseKind.THEATRICAL,
    4: ReleaseKind.DIGITAL,
    5: ReleaseKind.PHYSICAL,
    6: ReleaseKind.TV,
}
VIDEO_KINDS = {
    "Trailer": VideoKind.TRAILER,
    "Teaser": VideoKind.TEASER,
    "Clip": VideoKind.CLIP,
    "Featurette": VideoKind.FEATURETTE,
    "Behind the Scenes": VideoKind.BEHIND_THE_SCENES,
    "Bloopers": VideoKind.BLOOPERS,
    # The film's own title sequence, cut out of it: an excerpt like any clip.
    "Opening Credits": VideoKind.CLIP,
}
VIDEO_SITES = {"YouTube": VideoSite.YOUTUBE, "Vimeo": VideoSite.VIMEO}
# TMDB's crew departments that the catalogue keeps; the others (Costume & Make-Up,
# Visual Effects, Lighting, Crew) are not shown on a film page.
DEPARTMENTS = {
    "Directing": Department.DIRECTING,
    "Writing": Department.WRITING,
    "Production": Department.PRODUCTION,
    "Camera": Department.CAMERA,
    "Editing": Department.EDITING,
    "Sound": Department.SOUND,
    "Art": Department.ART,
}

T = TypeVar("T")


@dataclass
class MappingReport:
    """What the mapping left out of a record, one sentence per item, for the
    import's error report."""

    skipped: list[str] = field(default_factory=list)

    def items(
        self, build: Callable[[dict], T | None], items: object, what: str
    ) -> Iterator[T]:
        """Build a record from each JSON object of `items`: an item that breaks the
        contract is noted as skipped, one that `build` declines (None) is left out."""
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                self.skipped.append(f"{what}: {item!r} is not an object")
                continue
            try:
                made = build(item)
            except (InvalidRecord, ValueError) as error:
                self.skipped.append(f"{what}: {error}")
                continue
            if made is not None:
                yield made


def film_record(
    data: Mapping[str, Any],
    *,
    retrieved_at: datetime.datetime | None = None,
    report: MappingReport | None = None,
) -> FilmRecord:
    """The film record of a `/movie/{id}` answer (with or without appended blocks).

    A block TMDB did not send maps to None (this fetch did not look); a block it
    sent, even empty, maps to a tuple. TMDB's 0 for an unknown budget or revenue and
    "" for an unknown date or text map to None. An item that breaks the records'
    contract (a region that is not a country code, a video without a key) is left out
    and noted in `report`. Raises InvalidRecord when the answer has no TMDB id.
    """
    report = report if report is not None else MappingReport()
    tmdb_id = _int(data.get("id"))
    if not tmdb_id:
        raise InvalidRecord(f"the TMDB answer has no film id ({data.get('id')!r})")
    release_date = _date(data.get("release_date"))
    return FilmRecord(
        ids=_film_ids(tmdb_id, data),
        title=_text(data.get("title")),
        original_title=_text(data.get("original_title")),
        year=release_date.year if release_date else None,
        runtime=_positive(data.get("runtime")),
        overview=_text(data.get("overview")),
        tagline=_text(data.get("tagline")),
        budget=_usd(data.get("budget")),
        box_office=_usd(data.get("revenue")),
        original_language=_language(data.get("original_language")),
        release_dates=_release_dates(data, report),
        certifications=_certifications(data, report),
        genres=_names(data.get("genres")),
        keywords=_keywords(data),
        countries=_codes(data.get("production_countries"), "iso_3166_1"),
        languages=_codes(data.get("spoken_languages"), "iso_639_1"),
        companies=_names(data.get("production_companies")),
        alternative_titles=_alternative_titles(data, report),
        translations=_translations(data, report),
        videos=_videos(data, report),
        images=_film_images(data, report),
        watch_providers=_watch_providers(data, report),
        credits=_credits(data, report),
        adult=bool(data.get("adult")),
        retrieved_at=retrieved_at,
    )


def person_record(
    data: Mapping[str, Any], *, retrieved_at: datetime.datetime | None = None
) -> PersonRecord:
    """The person record of a `/person/{id}` answer (or of a cast or crew entry)."""
    tmdb_id = _int(data.get("id"))
    if not tmdb_id:
        raise InvalidRecord(f"the TMDB answer has no person id ({data.get('id')!r})")
    ids = [ExternalId.tmdb(tmdb_id)]
    external = data.get("external_ids")
    external = external if isinstance(external, dict) else {}
    imdb_id = _text(data.get("imdb_id")) or _text(external.get("imdb_id"))
    if imdb_id and imdb_id.startswith("nm"):
        ids.append(ExternalId.imdb(imdb_id))
    birthday, deathday = _date(data.get("birthday")), _date(data.get("deathday"))
    if birthday and deathday and deathday < birthday:
        deathday = None  # one of the two is wrong; the record cannot hold both
    profile = _text(data.get("profile_path"))
    return PersonRecord(
        ids=tuple(ids),
        name=_text(data.get("name")),
        birth_year=birthday.year if birthday else None,
        death_year=deathday.year if deathday else None,
        profile_image=Image(ImageKind.PROFILE, profile) if profile else None,
        known_for_department=_text(data.get("known_for_department")),
        retrieved_at=retrieved_at,
        birthday=birthday,
        deathday=deathday,
        place_of_birth=(_text(data.get("place_of_birth")) or "")[:300] or None,
        biography=_text(data.get("biography")),
        also_known_as=_other_names(data.get("also_known_as")),
    )


def _other_names(value: object) -> tuple[str, ...] | None:
    """TMDB's `also_known_as`: None when the answer has no such list (a cast entry)."""
    if not isinstance(value, list):
        return None
    names = (_text(item) for item in value)
    return tuple(dict.fromkeys(name[:300] for name in names if name))


def _film_ids(tmdb_id: int, data: Mapping[str, Any]) -> tuple[ExternalId, ...]:
    ids = [ExternalId.tmdb(tmdb_id)]
    external = data.get("external_ids")
    external = external if isinstance(external, dict) else {}
    candidates = (
        (ExternalId.imdb, _text(data.get("imdb_id")) or _text(external.get("imdb_id"))),
        (ExternalId.wikidata, _text(external.get("wikidata_id"))),
    )
    for make, value in candidates:
        if value:
            external_id = make(value)
            try:
                external_id.check("film")
            except InvalidRecord:
                continue  # a malformed id identifies nothing; the TMDB id still does
            ids.append(external_id)
    return tuple(ids)


def _release_dates(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[ReleaseDate, ...] | None:
    countries = _block(data, "release_dates", "results")
    if countries is None:
        return None
    releases: list[ReleaseDate] = []
    for country in countries:
        if isinstance(country, dict):
            build = partial(_release_date, country.get("iso_3166_1") or "")
            releases += report.items(build, country.get("release_dates"), "release")
    return tuple(releases)


def _release_date(country: str, item: dict) -> ReleaseDate | None:
    when = _date(str(item.get("release_date") or "")[:10])
    if when is None:
        return None
    return ReleaseDate(
        date=when,
        country=country,
        precision=DatePrecision.DAY,
        kind=RELEASE_KINDS.get(_int(item.get("type")) or 3, ReleaseKind.THEATRICAL),
        note=_text(item.get("note")) or "",
    )


def _certifications(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[Certification, ...] | None:
    countries = _block(data, "release_dates", "results")
    if countries is None:
        return None
    return tuple(report.items(_certification, countries, "certification"))


def _certification(country: dict) -> Certification | None:
    """The country's rating: the theatrical release's when it has one (a premiere or
    a TV broadcast can be rated differently), else the first one given."""
    releases = country.get("release_dates")
    releases = [r for r in releases if isinstance(r, dict)] if releases else []
    rated = [r for r in releases if _text(r.get("certification"))]
    if not rated:
        return None
    theatrical = [r for r in rated if _int(r.get("type")) in {2, 3}]
    rating = _required((theatrical or rated)[0].get("certification"))
    return Certification(country=str(country.get("iso_3166_1")), rating=rating)


def _keywords(data: Mapping[str, Any]) -> tuple[str, ...] | None:
    keywords = _block(data, "keywords", "keywords")
    return None if keywords is None else _names(keywords)


def _alternative_titles(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[AlternativeTitle, ...] | None:
    """Alternative titles, then the titles of the translations (by language)."""
    titles = _block(data, "alternative_titles", "titles")
    translations = _block(data, "translations", "translations")
    if titles is None and translations is None:
        return None
    found = [
        *report.items(_alternative_title, titles, "alternative title"),
        *report.items(_translated_title, translations, "translated title"),
    ]
    return tuple(dict.fromkeys(found))


def _alternative_title(item: dict) -> AlternativeTitle:
    return AlternativeTitle(
        title=_required(item.get("title")),
        country=item.get("iso_3166_1") or "",
        kind=_text(item.get("type")) or "",
    )


def _translated_title(item: dict) -> AlternativeTitle | None:
    data = item.get("data")
    title = _text(data.get("title")) if isinstance(data, dict) else None
    if not title:
        return None  # a translation of the overview only
    return AlternativeTitle(
        title=title,
        country=item.get("iso_3166_1") or "",
        language=item.get("iso_639_1") or "",
        kind="translation",
    )


def _translations(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[Translation, ...] | None:
    """Each language's title, overview and tagline (`translations` block); a
    translation with none of the three is left out."""
    items = _block(data, "translations", "translations")
    if items is None:
        return None
    found = {t.tag: t for t in report.items(_translation, items, "translation")}
    return tuple(found.values())


def _translation(item: dict) -> Translation | None:
    data = item.get("data")
    data = data if isinstance(data, dict) else {}
    title = (_text(data.get("title")) or "")[:500]
    overview = _text(data.get("overview")) or ""
    tagline = (_text(data.get("tagline")) or "")[:1000]
    if not (title or overview or tagline):
        return None
    return Translation(
        language=str(item.get("iso_639_1") or ""),
        country=str(item.get("iso_3166_1") or ""),
        title=title,
        overview=overview,
        tagline=tagline,
    )


def _videos(data: Mapping[str, Any], report: MappingReport) -> tuple[Video, ...] | None:
    results = _block(data, "videos", "results")
    if results is None:
        return None
    return tuple(report.items(_video, results, "video"))


def _video(item: dict) -> Video | None:
    kind = VIDEO_KINDS.get(item.get("type"))  # type: ignore[arg-type]
    site = VIDEO_SITES.get(item.get("site"))  # type: ignore[arg-type]
    if not (kind and site):
        return None  # types TMDB may add later; sites the pages cannot embed
    return Video(
        kind=kind,
        site=site,
        key=_required(item.get("key")),
        name=_text(item.get("name")) or "",
        language=item.get("iso_639_1") or "",
        # Only TMDB's explicit true: an answer without the flag claims nothing.
        official=item.get("official") is True,
        published_at=_datetime(item.get("published_at")),
    )


def _film_images(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[Image, ...] | None:
    """The poster and backdrop TMDB chose (`poster_path`, `backdrop_path`) first, then
    the others of the `images` block: the first image of a kind is the one to show."""
    if not any(key in data for key in ("poster_path", "backdrop_path", "images")):
        return None
    images: dict[tuple[ImageKind, str], Image] = {}
    chosen = ((ImageKind.POSTER, "poster_path"), (ImageKind.BACKDROP, "backdrop_path"))
    for kind, key in chosen:
        path = _text(data.get(key))
        if path:
            images[(kind, path)] = Image(kind, path)
    block = data.get("images")
    block = block if isinstance(block, dict) else {}
    for kind, key in (
        (ImageKind.POSTER, "posters"),
        (ImageKind.BACKDROP, "backdrops"),
        (ImageKind.LOGO, "logos"),
    ):
        for image in report.items(partial(_image, kind), block.get(key), "image"):
            # The detailed entry replaces the bare poster_path one, in place.
            images[(image.kind, image.path)] = image
    return tuple(images.values())


def _image(kind: ImageKind, item: dict) -> Image:
    return Image(
        kind=kind,
        path=_required(item.get("file_path")),
        width=_int(item.get("width")),
        height=_int(item.get("height")),
        language=item.get("iso_639_1") or "",
        vote_average=_float(item.get("vote_average")),
    )


def watch_providers_record(
    answer: Mapping[str, Any], *, report: MappingReport | None = None
) -> tuple[WatchProvider, ...] | None:
    """The offers of a `/movie/{id}/watch/providers` answer (the same block that
    `append_to_response` adds to a film); None for an answer without `results`."""
    report = report if report is not None else MappingReport()
    return _watch_providers({"watch/providers": answer}, report)


def _watch_providers(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[WatchProvider, ...] | None:
    regions = _block(data, "watch/providers", "results", kind=dict)
    if regions is None:
        return None
    offers: list[WatchProvider] = []
    for country, region in sorted(regions.items()):
        if not isinstance(region, dict):
            continue
        link = _text(region.get("link")) or ""
        for kind in OfferKind:
            build = partial(_offer, str(country), link, kind)
            offers += report.items(build, region.get(kind.value), f"offer in {country}")
    return tuple(offers)


def _offer(country: str, link: str, kind: OfferKind, item: dict) -> WatchProvider:
    return WatchProvider(
        country=country,
        provider=_required(item.get("provider_name")),
        kind=kind,
        provider_id=str(item.get("provider_id") or ""),
        logo_path=_text(item.get("logo_path")) or "",
        link=link,
        display_priority=_int(item.get("display_priority")),
    )


def _credits(
    data: Mapping[str, Any], report: MappingReport
) -> tuple[CreditRecord, ...] | None:
    """Cast in TMDB's billing `order`; crew in the departments the catalogue keeps,
    with no billing order. One credit per person and role: a person TMDB lists twice
    in the cast (two characters) gets one credit naming both."""
    credits = data.get("credits")
    if not isinstance(credits, dict):
        return None
    cast: dict[ExternalId, CreditRecord] = {}
    for credit in report.items(_cast_credit, credits.get("cast"), "cast member"):
        person = credit.person.ids[0]
        earlier = cast.get(person)
        cast[person] = _with_second_character(earlier, credit) if earlier else credit
    crew: dict[tuple[ExternalId, str, str], CreditRecord] = {}
    for credit in report.items(_crew_credit, credits.get("crew"), "crew member"):
        crew.setdefault((credit.person.ids[0], credit.department, credit.job), credit)
    return (*cast.values(), *crew.values())


def _cast_credit(item: dict) -> CreditRecord:
    return CreditRecord(
        person=person_record(item),
        department=Department.ACTING,
        job="Actor",
        character=(_text(item.get("character")) or "")[:300],
        order=_int(item.get("order")),
    )


def _crew_credit(item: dict) -> CreditRecord | None:
    department = DEPARTMENTS.get(item.get("department"))  # type: ignore[arg-type]
    if department is None:
        return None
    return CreditRecord(
        person=person_record(item),
        department=department,
        job=_required(item.get("job"))[:100],
    )


def _with_second_character(first: CreditRecord, second: CreditRecord) -> CreditRecord:
    characters = first.character.split(" / ") if first.character else []
    if not second.character or second.character in characters:
        return first
    return replace(first, character=" / ".join([*characters, second.character])[:300])


# -- small readers of TMDB's JSON values -------------------------------------------


def _block(
    data: Mapping[str, Any], name: str, key: str, kind: type = list
) -> Any | None:
    """`data[name][key]` when TMDB sent the block (an empty one included), else None."""
    block = data.get(name)
    if not isinstance(block, dict):
        return None
    value = block.get(key)
    if value is None:
        return kind()
    return value if isinstance(value, kind) else None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _required(value: object) -> str:
    """A text that a record cannot do without; InvalidRecord when it is missing."""
    text = _text(value)
    if text is None:
        raise InvalidRecord(f"{value!r} is not a text")
    return text


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value) if isinstance(value, int | float | str) else None
    except ValueError:
        return None


def _positive(value: object) -> int | None:
    number = _int(value)
    return number if number and number > 0 else None


def _usd(value: object) -> Money | None:
    """TMDB gives budget and revenue in US dollars, 0 when unknown."""
    amount = _positive(value)
    return Money(amount, "USD") if amount else None


def _language(value: object) -> str | None:
    code = _text(value)
    return code.lower() if code and code.isalpha() and 2 <= len(code) <= 3 else None


def _date(value: object) -> datetime.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _datetime(value: object) -> datetime.datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _names(items: object) -> tuple[str, ...] | None:
    if not isinstance(items, list):
        return None
    names = (_text(item.get("name")) for item in items if isinstance(item, dict))
    return tuple(dict.fromkeys(name for name in names if name))


def _codes(items: object, key: str) -> tuple[str, ...] | None:
    if not isinstance(items, list):
        return None
    codes = (_text(item.get(key)) for item in items if isinstance(item, dict))
    return tuple(dict.fromkeys(code for code in codes if code))

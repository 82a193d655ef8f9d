"""Demo editorial content shipped with cinematheque, read from the data files beside
this module: `films/<slug>.md` (ten well-known films of the bundled catalogue) and
`collections/<slug>.md` (two collections), written for this project by its authors.

Each file is Markdown with TOML front matter between two `+++` lines (the Hugo
convention). The front matter holds the short, structured fields (tagline, complexity,
advisory, FAQ, claims with their sources, conflicts between sources, collection items);
the body holds the long texts under level-1 headings (`# Synopsis`, `# Analysis`,
`# Spoilers`; `# Introduction` for a collection), one paragraph per line, exactly as an
editor would type them in the admin. TOML is read by the standard library (`tomllib`),
so the format adds no dependency, and the prose stays plain Markdown that reads and
diffs like the page it becomes.

Facts were taken from general reference works; every sentence is our own. The sources
cited are the public reference pages that document each claim. No access date is
recorded for them, because none was checked at load time: an editor who checks a source
should add the date in the admin. Everything here is loaded with `is_demo=True`.

`demo_load()` validates every file and raises `DemoDataError` naming the file and the
field at fault; nothing is written to the database before every file has been read.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from cinematheque.editorial.models import (
    ADVISORY_CATEGORIES,
    Claim,
    Complexity,
    Severity,
)

FRONT_MATTER_FENCE = "+++"
FILM_SECTIONS = {"Synopsis": True, "Analysis": True, "Spoilers": False}  # -> required
COLLECTION_SECTIONS = {"Introduction": True}


class DemoDataError(Exception):
    """A demo content file is missing, malformed or inconsistent; the message names
    the file and the field."""


@dataclass(frozen=True)
class DemoSource:
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class DemoClaim:
    kind: str
    text: str
    verification: str
    sources: tuple[DemoSource, ...]
    key: str = ""  # lets a conflict of the same film name this claim as an option


@dataclass(frozen=True)
class DemoFaq:
    question: str
    answer: str


@dataclass(frozen=True)
class DemoAdvisory:
    summary: str
    minimum_age: int
    categories: dict[
        str, tuple[str, str]
    ]  # ADVISORY_CATEGORIES key -> (severity, note)


@dataclass(frozen=True)
class DemoConflictOption:
    value: str
    origin: str
    claim_key: str = ""


@dataclass(frozen=True)
class DemoResolution:
    chosen: str
    note: str


@dataclass(frozen=True)
class DemoConflict:
    wikidata: str
    slug: str
    subject: str
    options: tuple[DemoConflictOption, ...]
    resolution: DemoResolution | None


@dataclass(frozen=True)
class DemoFilm:
    wikidata: str
    slug: str
    expertise: str
    tagline: str
    synopsis: str
    analysis: str
    spoilers: str
    complexity_level: int
    complexity_note: str
    advisory: DemoAdvisory
    faq: tuple[DemoFaq, ...]
    claims: tuple[DemoClaim, ...]
    conflicts: tuple[DemoConflict, ...]


@dataclass(frozen=True)
class DemoCollectionItem:
    wikidata: str
    slug: str
    note: str


@dataclass(frozen=True)
class DemoCollection:
    slug: str
    title: str
    expertise: str
    featured: bool
    introduction: str
    items: tuple[DemoCollectionItem, ...]


@dataclass(frozen=True)
class DemoContent:
    films: tuple[DemoFilm, ...]
    collections: tuple[DemoCollection, ...]

    @property
    def conflicts(self) -> tuple[DemoConflict, ...]:
        return tuple(conflict for film in self.films for conflict in film.conflicts)


def demo_directory() -> Traversable:
    """The demo content shipped in the package (works from a wheel or a checkout)."""
    return files(__name__)


def demo_load(directory: Traversable | None = None) -> DemoContent:
    """Read and validate every demo file under `directory` (by default the shipped
    ones), films and collections in file-name order.

    Raises DemoDataError, naming the file and the field, for the first problem found.
    """
    root = directory if directory is not None else demo_directory()
    films = tuple(_film(path) for path in _markdown_files(root, "films"))
    collections = tuple(
        _collection(path) for path in _markdown_files(root, "collections")
    )
    _check_unique(films, "films", lambda film: film.wikidata, "wikidata")
    _check_unique(collections, "collections", lambda c: c.slug, "slug")
    return DemoContent(films=films, collections=collections)


# -- files --------------------------------------------------------------------------


def _markdown_files(root: Traversable, kind: str) -> list[Traversable]:
    folder = root / kind
    if not folder.is_dir():
        raise DemoDataError(f"{kind}/: the folder of demo {kind} is missing.")
    return sorted(
        (path for path in folder.iterdir() if path.name.endswith(".md")),
        key=lambda path: path.name,
    )


def _split(path: Traversable, label: str) -> tuple[dict[str, Any], str]:
    """The parsed front matter and the Markdown body of one file."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise DemoDataError(
            f"{label}: the file must start with a '{FRONT_MATTER_FENCE}' line "
            f"opening its front matter."
        )
    try:
        end = next(
            n for n, line in enumerate(lines[1:], 1) if line == FRONT_MATTER_FENCE
        )
    except StopIteration:
        raise DemoDataError(
            f"{label}: the front matter is never closed by a "
            f"'{FRONT_MATTER_FENCE}' line."
        ) from None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(
            f"{label}: the front matter is not valid TOML ({error}; line numbers "
            f"count from the line after the opening '{FRONT_MATTER_FENCE}')."
        ) from None
    return data, "\n".join(lines[end + 1 :])


def _sections(body: str, label: str, expected: dict[str, bool]) -> dict[str, str]:
    """The body's `# Heading` sections; each must be expected, required ones present."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.split("\n"):
        if line.startswith("# "):
            name = line[2:].strip()
            if name not in expected:
                raise DemoDataError(
                    f"{label}: unknown section '# {name}' "
                    f"(expected {', '.join(expected)})."
                )
            if name in found:
                raise DemoDataError(f"{label}: section '# {name}' appears twice.")
            current = found[name] = []
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise DemoDataError(
                f"{label}: text before the first section heading "
                f"(start with '# {next(iter(expected))}')."
            )
    texts = {name: "\n".join(lines).strip("\n") for name, lines in found.items()}
    for name, required in expected.items():
        if required and not texts.get(name, "").strip():
            raise DemoDataError(f"{label}: section '# {name}' is missing or empty.")
    return {name: texts.get(name, "") for name in expected}


class _Fields:
    """Typed access to one TOML table; every error names the file and the field."""

    def __init__(self, data: Any, *, label: str, where: str) -> None:
        if not isinstance(data, dict):
            raise DemoDataError(f"{label}: field '{where}' must be a table.")
        self.data, self.label, self.where = data, label, where
        self.read: set[str] = set()

    def _name(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def error(self, name: str, problem: str) -> DemoDataError:
        return DemoDataError(f"{self.label}: field '{self._name(name)}' {problem}.")

    def _get(self, name: str, kind: type, description: str, default: Any) -> Any:
        self.read.add(name)
        if name not in self.data:
            if default is None:
                raise self.error(name, "is missing" + self._misspelt(name))
            return default
        value = self.data[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(name, f"must be {description}, not {value!r}")
        return value

    def _misspelt(self, name: str) -> str:
        close = difflib.get_close_matches(name, [str(key) for key in self.data], n=1)
        return f" (is '{close[0]}' misspelt?)" if close else ""

    def text(self, name: str, *, required: bool = True) -> str:
        value = self._get(name, str, "text", None if required else "")
        if required and not value.strip():
            raise self.error(name, "is empty")
        return value

    def integer(self, name: str, *, low: int, high: int) -> int:
        value = self._get(name, int, "a whole number", None)
        if not low <= value <= high:
            raise self.error(name, f"must be between {low} and {high}, not {value}")
        return value

    def boolean(self, name: str) -> bool:
        return self._get(name, bool, "true or false", False)

    def choice(self, name: str, choices: list[str]) -> str:
        value = self.text(name)
        if value not in choices:
            raise self.error(
                name, f"must be one of {', '.join(choices)}, not {value!r}"
            )
        return value

    def table(self, name: str) -> _Fields:
        return _Fields(
            self._get(name, dict, "a table", None),
            label=self.label,
            where=self._name(name),
        )

    def tables(self, name: str, *, required: bool = True) -> list[_Fields]:
        rows = self._get(name, list, "a list of tables", None if required else [])
        return [
            _Fields(row, label=self.label, where=f"{self._name(name)}[{n}]")
            for n, row in enumerate(rows, start=1)
        ]

    def done(self) -> None:
        """Refuse fields nobody reads: a misspelt name must not be silently ignored."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.error(unknown[0], "is not a known field")

    def __enter__(self) -> _Fields:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *args: object) -> None:
        """`with fields:` reads the table and then refuses what nobody read."""
        if error_type is None:
            self.done()

    def file_slug(self, path: Traversable) -> str:
        """The `slug` field, which is also the file's name."""
        slug = self.text("slug")
        if path.name != f"{slug}.md":
            raise self.error("slug", f"is {slug!r}, but the file is named {path.name}")
        return slug


# -- films --------------------------------------------------------------------------


def _film(path: Traversable) -> DemoFilm:
    label = f"films/{path.name}"
    data, body = _split(path, label)
    fields = _Fields(data, label=label, where="")
    slug = fields.file_slug(path)
    wikidata = fields.text("wikidata")
    with fields.table("complexity") as complexity:
        level = complexity.integer(
            "level", low=min(Complexity.Level.values), high=max(Complexity.Level.values)
        )
        complexity_note = complexity.text("note")
    claims = tuple(_claim(row) for row in fields.tables("claims"))
    keys = {claim.key for claim in claims if claim.key}
    texts = _sections(body, label, FILM_SECTIONS)
    with fields:
        return DemoFilm(
            wikidata=wikidata,
            slug=slug,
            expertise=fields.text("expertise", required=False),
            tagline=fields.text("tagline"),
            synopsis=texts["Synopsis"],
            analysis=texts["Analysis"],
            spoilers=texts["Spoilers"],
            complexity_level=level,
            complexity_note=complexity_note,
            advisory=_advisory(fields.table("advisory")),
            faq=tuple(_faq(row) for row in fields.tables("faq")),
            claims=claims,
            conflicts=tuple(
                _conflict(row, wikidata=wikidata, slug=slug, claim_keys=keys)
                for row in fields.tables("conflicts", required=False)
            ),
        )


def _advisory(fields: _Fields) -> DemoAdvisory:
    severities = [value for value in Severity.values if value]
    categories = {}
    for key, _label in ADVISORY_CATEGORIES:
        with fields.table(key) as category:
            categories[key] = (
                category.choice("severity", severities),
                category.text("note", required=False),
            )
    with fields:
        return DemoAdvisory(
            summary=fields.text("summary"),
            minimum_age=fields.integer("minimum_age", low=0, high=21),
            categories=categories,
        )


def _faq(fields: _Fields) -> DemoFaq:
    with fields:
        return DemoFaq(question=fields.text("question"), answer=fields.text("answer"))


def _claim(fields: _Fields) -> DemoClaim:
    sources = []
    for row in fields.tables("sources"):
        with row:
            sources.append(
                DemoSource(
                    title=row.text("title"),
                    publisher=row.text("publisher"),
                    url=row.text("url"),
                )
            )
            if not sources[-1].url.startswith(("https://", "http://")):
                raise row.error("url", "must start with https:// or http://")
    with fields:
        return DemoClaim(
            kind=fields.choice("kind", list(Claim.Kind.values)),
            text=fields.text("text"),
            verification=fields.choice("verification", list(Claim.Verification.values)),
            sources=tuple(sources),
            key=fields.text("key", required=False),
        )


def _conflict(
    fields: _Fields, *, wikidata: str, slug: str, claim_keys: set[str]
) -> DemoConflict:
    options = []
    for row in fields.tables("options"):
        with row:
            option = DemoConflictOption(
                value=row.text("value"),
                origin=row.text("origin"),
                claim_key=row.text("claim_key", required=False),
            )
            if option.claim_key and option.claim_key not in claim_keys:
                raise row.error(
                    "claim_key", f"names {option.claim_key!r}, which no claim's key is"
                )
        options.append(option)
    if len(options) < 2:
        raise fields.error("options", "must list at least two competing values")
    resolution = None
    if "resolve" in fields.data:
        with fields.table("resolve") as resolve:
            resolution = DemoResolution(
                chosen=resolve.text("chosen"), note=resolve.text("note")
            )
            if resolution.chosen not in {option.value for option in options}:
                raise resolve.error("chosen", "must be the value of one of the options")
    with fields:
        return DemoConflict(
            wikidata=wikidata,
            slug=slug,
            subject=fields.text("subject"),
            options=tuple(options),
            resolution=resolution,
        )


# -- collections --------------------------------------------------------------------


def _collection(path: Traversable) -> DemoCollection:
    label = f"collections/{path.name}"
    data, body = _split(path, label)
    fields = _Fields(data, label=label, where="")
    slug = fields.file_slug(path)
    items = []
    for row in fields.tables("items"):
        with row:
            items.append(
                DemoCollectionItem(
                    wikidata=row.text("wikidata"),
                    slug=row.text("slug"),
                    note=row.text("note", required=False),
                )
            )
    with fields:
        return DemoCollection(
            slug=slug,
            title=fields.text("title"),
            expertise=fields.text("expertise", required=False),
            featured=fields.boolean("featured"),
            introduction=_sections(body, label, COLLECTION_SECTIONS)["Introduction"],
            items=tuple(items),
        )


def _check_unique(rows: tuple, kind: str, key: Any, field: str) -> None:
    seen: set[str] = set()
    for row in rows:
        if key(row) in seen:
            raise DemoDataError(
                f"{kind}/{row.slug}.md: field '{field}' repeats {key(row)!r}, "
                f"already used by another file."
            )
        seen.add(key(row))

"""What the film page reads of the catalogue, in seven small prepared queries.

`film_page_for_slug(slug)` returns a `FilmPage`: the film (a model instance, with its
source), its credits, the named facets (genres, countries, languages, companies,
keywords), review scores, videos, related works and the sources of all of them. Everything except
the film and the sources is plain data with the links already built, because the page
shows each row once and a model instance per credit was most of the page's ORM time
(the row classes are plain slotted dataclasses: a frozen one costs five times as much
to create).
The JSON API keeps `Film.objects.with_page_relations()`, which loads the same facts as
model instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    ManyToManyField,
    OuterRef,
    Q,
    Value,
)

from cinematheque.catalogue.images import (
    TMDB_SOURCE_KEY,
    ImageConfiguration,
    served_from,
)
from cinematheque.catalogue.links import slug_url_parts
from cinematheque.catalogue.models import (
    Certification,
    FieldProvenance,
    Film,
    FilmRelation,
    ReviewScore,
    Source,
    Video,
)
from cinematheque.catalogue.prepared import TEXT_PLACEHOLDER, PreparedQuery
from cinematheque.people.models import Credit

# Widths the page asks of the image source, at twice the CSS size for sharp screens.
POSTER_WIDTH = 500
BACKDROP_WIDTH = 1280
PHOTO_WIDTH = 90


@dataclass(slots=True)
class PageCredit:
    person_id: int
    name: str
    url: str
    department: str
    job: str
    character: str
    order_is_estimated: bool
    source_id: int | None
    photo_url: str = ""
    """The person's photo from the image source, "" when there is none."""


@dataclass(slots=True)
class Facet:
    """A genre, country, language or production company of the film."""

    name: str
    slug: str
    url: str = ""
    centrality: float = 0.0
    """For genres: FilmGenre.centrality (0 for the other facets)."""


@dataclass(slots=True)
class FilmLink:
    """Another film, as a link (related works)."""

    title: str
    year: int | None
    url: str

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(slots=True)
class PageRelation:
    """A FilmRelation seen from this film: `forward` when this film is its from_film
    ("Heat is a remake of L.A. Takedown"), else `other` is the remake, sequel…"""

    kind: str
    forward: bool
    other: FilmLink
    note: str
    source_id: int | None


@dataclass(slots=True)
class PageScore:
    kind: str
    value: float
    scale: int
    review_count: int | None
    source: Source


@dataclass(eq=False)  # one page, one object: loaders may keep what they read by it
class FilmPage:
    film: Film
    credits: list[PageCredit]
    genres: list[Facet]
    countries: list[Facet]
    languages: list[Facet]
    companies: list[Facet]
    keywords: list[Facet]
    certifications: dict[str, str]
    """The film's age rating by country (ISO code → "R", "16")."""
    scores: list[PageScore]
    videos: list[Video]
    relations: list[PageRelation]
    sources: list[Source]
    """Sources of the film and of every row shown with it, ordered by name."""
    poster_url: str = ""
    """The poster on the image source (TMDB), "" when there is none."""
    backdrop_url: str = ""

    def central_genres(self, count: int = 3) -> list[Facet]:
        """The film's `count` most central genres, most central first."""
        return sorted(self.genres, key=lambda genre: -genre.centrality)[:count]


_FILM_FIELDS = tuple(field.attname for field in Film._meta.concrete_fields)
_SOURCE_FIELDS = tuple(field.attname for field in Source._meta.concrete_fields)
_VIDEO_FIELDS = tuple(field.attname for field in Video._meta.concrete_fields)

_FILM = PreparedQuery(
    lambda slug: Film.objects.filter(slug=slug).order_by().values_list(*_FILM_FIELDS),
    placeholder=TEXT_PLACEHOLDER,
)
# The sources table has one row per data source (a handful), so the page reads all of
# them rather than joining a source to every credit, score and relation; each says
# whether it gave a value of one of the film's fields (`FieldProvenance`).
_SOURCES = PreparedQuery(
    lambda film_id: Source.objects.annotate(
        gave_values=Exists(
            FieldProvenance.objects.filter(film_id=film_id, source_id=OuterRef("pk"))
        )
    ).values_list(*_SOURCE_FIELDS, "gave_values")
)
_CREDITS = PreparedQuery(
    lambda film_id: (
        Credit.objects.filter(film_id=film_id)
        .order_by("department", "order", "person__name", "id")
        .values_list(
            "person_id",
            "person__name",
            "person__slug",
            "department",
            "job",
            "character",
            "order_is_estimated",
            "source_id",
            "person__profile_path",
        )
    )
)


def _facets(film_id: int) -> Any:
    def facet(field: str) -> Any:
        many_to_many = cast(ManyToManyField, Film._meta.get_field(field))
        through = cast(Any, many_to_many.remote_field).through
        target = many_to_many.m2m_reverse_field_name()
        weight = F("centrality") if field == "genres" else Value(0.0)
        return (
            through.objects.filter(film_id=film_id)
            .annotate(
                facet=Value(field, output_field=CharField()),
                weight=ExpressionWrapper(weight, output_field=FloatField()),
            )
            .values_list("facet", f"{target}__name", f"{target}__slug", "weight")
            .order_by()
        )

    # The age ratings by country ride along as ("certifications", rating, country):
    # one query less on every film page.
    certifications = (
        Certification.objects.filter(film_id=film_id)
        .annotate(
            facet=Value("certifications", output_field=CharField()),
            weight=Value(0.0, output_field=FloatField()),
        )
        .values_list("facet", "rating", "country", "weight")
        .order_by()
    )
    return (
        facet("genres")
        .union(
            facet("countries"),
            facet("languages"),
            facet("companies"),
            facet("keywords"),
            certifications,
            all=True,
        )
        # The facets' own ordering (Named.Meta), in the database's collation.
        .order_by("facet", "genre__name")
    )


# The named facets in one query: UNION ALL over their through tables.
_FACETS = PreparedQuery(_facets)
_SCORES = PreparedQuery(
    lambda film_id: ReviewScore.objects.filter(film_id=film_id).values_list(
        "kind", "value", "scale", "review_count", "source_id"
    )
)
_VIDEOS = PreparedQuery(
    lambda film_id: Video.objects.filter(film_id=film_id).values_list(*_VIDEO_FIELDS)
)
# Both directions in one query: the film is from_film ("remake of") or to_film.
_RELATIONS = PreparedQuery(
    lambda film_id: (
        FilmRelation.objects.filter(Q(from_film_id=film_id) | Q(to_film_id=film_id))
        .order_by("id")
        .values_list(
            "kind",
            "note",
            "source_id",
            "from_film_id",
            "from_film__title",
            "from_film__year",
            "from_film__slug",
            "to_film__title",
            "to_film__year",
            "to_film__slug",
        )
    )
)


def film_page_for_slug(slug: str) -> FilmPage | None:
    """The film page's facts for the film with this slug; None when there is none."""
    rows = _FILM.rows(slug)
    if not rows:
        return None
    film = Film.from_db("default", _FILM_FIELDS, rows[0])
    source_rows = _SOURCES.rows(film.pk)
    sources = {
        row[0]: Source.from_db("default", _SOURCE_FIELDS, row[:-1])
        for row in source_rows
    }
    film.source = sources.get(film.source_id)
    image_source = next((s for s in sources.values() if s.key == TMDB_SOURCE_KEY), None)
    images = served_from(
        ImageConfiguration.from_json(
            image_source.image_configuration if image_source else {}
        )
    )
    person_prefix, person_suffix = slug_url_parts("people:person")
    film_prefix, film_suffix = slug_url_parts("catalogue:film")
    facet_urls = {
        "genres": slug_url_parts("catalogue:genre"),
        "keywords": slug_url_parts("catalogue:keyword"),
    }

    credits = [
        PageCredit(
            person_id=person_id,
            name=name,
            url=f"{person_prefix}{person_slug}{person_suffix}",
            department=department,
            job=job,
            character=character,
            order_is_estimated=order_is_estimated,
            source_id=source_id,
            photo_url=images.url("profile", profile_path, PHOTO_WIDTH),
        )
        for (
            person_id,
            name,
            person_slug,
            department,
            job,
            character,
            order_is_estimated,
            source_id,
            profile_path,
        ) in _CREDITS.rows(film.pk)
    ]
    facets: dict[str, list[Facet]] = {
        "genres": [],
        "countries": [],
        "languages": [],
        "companies": [],
        "keywords": [],
    }
    certifications: dict[str, str] = {}
    for field, name, facet_slug, centrality in _FACETS.rows(film.pk):
        if field == "certifications":
            certifications[facet_slug] = name
            continue
        prefix, suffix = facet_urls.get(field, ("", None))
        url = f"{prefix}{facet_slug}{suffix}" if suffix is not None else ""
        facets[field].append(
            Facet(name=name, slug=facet_slug, url=url, centrality=centrality)
        )
    scores = [
        PageScore(kind, value, scale, review_count, sources[source_id])
        for kind, value, scale, review_count, source_id in _SCORES.rows(film.pk)
    ]
    videos = [
        Video.from_db("default", _VIDEO_FIELDS, row) for row in _VIDEOS.rows(film.pk)
    ]
    for video in videos:
        video.source = sources.get(video.source_id)
    relations = []
    for (
        kind,
        note,
        source_id,
        from_film_id,
        *films,
    ) in _RELATIONS.rows(film.pk):
        forward = from_film_id == film.pk
        title, year, other_slug = films[3:] if forward else films[:3]
        relations.append(
            PageRelation(
                kind=kind,
                forward=forward,
                other=FilmLink(title, year, f"{film_prefix}{other_slug}{film_suffix}"),
                note=note,
                source_id=source_id,
            )
        )
    relations.sort(key=lambda relation: not relation.forward)
    used = {film.source_id} | {row[0] for row in source_rows if row[-1]}
    used.update(credit.source_id for credit in credits)
    used.update(score.source.pk for score in scores)
    used.update(video.source_id for video in videos)
    used.update(relation.source_id for relation in relations)
    shows_images = (
        film.poster_path
        or film.backdrop_path
        or any(credit.photo_url for credit in credits)
    )
    if image_source and shows_images:
        used.add(image_source.pk)
    return FilmPage(
        film=film,
        credits=credits,
        scores=scores,
        videos=videos,
        relations=relations,
        certifications=certifications,
        sources=sorted(
            (source for pk, source in sources.items() if pk in used),
            key=lambda source: source.name,
        ),
        poster_url=images.url("poster", film.poster_path, POSTER_WIDTH),
        backdrop_url=images.url("backdrop", film.backdrop_path, BACKDROP_WIDTH),
        **facets,
    )

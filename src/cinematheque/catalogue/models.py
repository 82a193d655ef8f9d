"""Films and the facts around them: genres, countries, languages, companies, scores,
videos, relations between films, and the sources every imported value comes from."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.indexes import DescNullsLastIndex
from cinematheque.catalogue.links import slug_url


class Source(models.Model):
    """Where imported data comes from; every imported row points at one."""

    key = models.SlugField(
        unique=True, help_text=_("Stable identifier, e.g. 'wikidata'.")
    )
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    licence = models.CharField(max_length=100, help_text=_("e.g. 'CC0 1.0'."))
    licence_url = models.URLField(blank=True)
    attribution = models.CharField(
        max_length=500, help_text=_("Text shown wherever this source's data appears.")
    )
    retrieved_on = models.DateField(
        null=True, blank=True, help_text=_("When the data was taken from the source.")
    )
    image_configuration = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "Where the source serves images and in which sizes (the `images` part of "
            "TMDB's /configuration); image URLs are built from it."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NamedQuerySet(models.QuerySet):
    def by_name(self) -> Self:
        return self.order_by("name")


class Named(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Genre(Named):
    def get_absolute_url(self) -> str:
        return slug_url("catalogue:genre", self.slug)


class Country(Named):
    class Meta(Named.Meta):
        verbose_name_plural = "countries"


class Language(Named):
    pass


class Company(Named):
    class Meta(Named.Meta):
        verbose_name_plural = "companies"


class Keyword(Named):
    """A subject a source tags films with ("heist", "los angeles")."""

    def get_absolute_url(self) -> str:
        return slug_url("catalogue:keyword", self.slug)


class FilmQuerySet(models.QuerySet["Film"]):
    def within_content_limit(self, limit: ContentLimit | None) -> Self:
        """The films a member's content limit allows (all of them for None)."""
        return self if limit is None else self.filter(limit.film_filter())

    def for_listing(self) -> Self:
        """Only the columns a film card needs (title, year, slug, poster inputs)."""
        return self.only(
            "id",
            "title",
            "year",
            "slug",
            "poster_path",
            "runtime",
            "certification",
            "certification_country",
            "box_office",
            "box_office_currency",
            "notability",
        )

    def with_page_relations(self) -> Self:
        """Everything the film page shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            "genres",
            "countries",
            "languages",
            "companies",
            models.Prefetch(
                "review_scores",
                queryset=ReviewScore.objects.select_related("source"),
            ),
            models.Prefetch("videos", queryset=Video.objects.select_related("source")),
            models.Prefetch(
                "credits",
                queryset=_credit_model()
                .objects.select_related("person", "source")
                .order_by("department", "order", "person__name", "id"),
            ),
            models.Prefetch(
                "relations_from",
                queryset=FilmRelation.objects.select_related("to_film", "source"),
            ),
            models.Prefetch(
                "relations_to",
                queryset=FilmRelation.objects.select_related("from_film", "source"),
            ),
        )

    def with_card_relations(self) -> Self:
        """A film card's columns plus its directors and Tomatometer, in two more queries
        for the whole page (`film.directing_credits`, `film.card_scores`)."""
        credit = _credit_model()
        return self.for_listing().prefetch_related(
            models.Prefetch(
                "credits",
                queryset=credit.objects.filter(department=credit.Department.DIRECTING)
                .select_related("person")
                .only("id", "film_id", "person__name", "person__slug", "order")
                .order_by("order", "id"),
                to_attr="directing_credits",
            ),
            models.Prefetch(
                "review_scores",
                queryset=ReviewScore.objects.filter(
                    kind=ReviewScore.Kind.TOMATOMETER
                ).only("id", "film_id", "kind", "value", "scale", "review_count"),
                to_attr="card_scores",
            ),
        )


def _credit_model():
    from cinematheque.people.models import Credit

    return Credit


class Film(models.Model):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    title = models.CharField(max_length=500)
    original_title = models.CharField(max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text=_("slugify(title)-year, with -2, -3… where two films collide."),
    )
    release_date = models.DateField(null=True, blank=True)
    release_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    runtime = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Minutes.")
    )
    certification = models.CharField(
        max_length=20, blank=True, help_text=_("Age rating, e.g. 'R' (MPA, US).")
    )
    certification_country = models.CharField(max_length=2, blank=True, default="US")
    overview = models.TextField(blank=True, help_text=_("Plot summary from a source."))
    poster_path = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "The poster's path on TMDB's image server ('/rrBu….jpg'); empty: the "
            "generated poster."
        ),
    )
    backdrop_path = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "The backdrop's path on TMDB's image server, shown behind the title."
        ),
    )
    tagline = models.CharField(
        max_length=1000, blank=True, help_text=_("Tagline from a source.")
    )
    synopsis_languages = models.CharField(
        max_length=1000,
        blank=True,
        default="",
        help_text=_(
            "Language tags ('fr pt-BR') of the film's translations with something "
            "to show (an overview, a tagline or a title of their own: "
            "`Translation.adds_text_to`), read with the film so the page needs no "
            "extra query."
        ),
    )
    original_language = models.CharField(
        max_length=3, blank=True, help_text=_("ISO 639-1 code, e.g. 'en'.")
    )
    budget = models.BigIntegerField(null=True, blank=True)
    budget_currency = models.CharField(max_length=3, default="USD")
    box_office = models.BigIntegerField(null=True, blank=True)
    box_office_currency = models.CharField(max_length=3, default="USD")
    genres = models.ManyToManyField(
        Genre, through="FilmGenre", related_name="films", blank=True
    )
    countries = models.ManyToManyField(Country, related_name="films", blank=True)
    languages = models.ManyToManyField(Language, related_name="films", blank=True)
    companies = models.ManyToManyField(Company, related_name="films", blank=True)
    keywords = models.ManyToManyField(Keyword, related_name="films", blank=True)
    imdb_id = models.CharField(
        max_length=12,
        blank=True,
        db_index=True,
        help_text=_("Not unique: a re-edit can share its original's IMDb id."),
    )
    tmdb_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    wikidata_id = models.CharField(max_length=16, null=True, blank=True, unique=True)
    awards = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Awards summary as the source words it, e.g. "
            "'Won 4 Oscars. Nominated for 8 Oscars.'"
        ),
    )
    oscar_wins = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Academy Awards won, as the source counts.")
    )
    notability = models.FloatField(
        default=0,
        db_index=True,
        help_text=_(
            "How much is known about the film, 0 to 100, from its review counts, "
            "box office, Metacritic score, cast size and Oscars. Worked out again "
            "on every import; tells apart films of the same title."
        ),
    )
    critics_score = models.FloatField(
        null=True,
        blank=True,
        help_text=_(
            "The critics' verdict, 0 to 1: the share of positive Tomatometer "
            "reviews, counted cautiously when there are few (the lower bound of its "
            "95 % Wilson interval), so 8 reviews at 100 % do not beat 150 at 94 %. "
            "Worked out again on every import; sorts by critics' score."
        ),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="films"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        indexes = [
            models.Index(fields=["title", "year"], name="film_title_year_idx"),
            models.Index(fields=["box_office"], name="film_box_office_idx"),
            # The sitemaps' last change: MAX(updated_at) without reading every film.
            models.Index(fields=["updated_at"], name="film_updated_at_idx"),
            DescNullsLastIndex(
                F("critics_score").desc(nulls_last=True),
                name="film_critics_score_idx",
            ),
            # The browse sorts "unknown last" in the other direction (catalogue/
            # browse.py): PostgreSQL reads an index backwards only with its NULLs
            # at the other end, so each direction of a nullable sort has its index.
            models.Index(fields=["critics_score"], name="film_critics_score_asc_idx"),
            # A year holds thousands of films at scale: the sort's tie-breakers are
            # in the index, so a page is read in order instead of sorting a year.
            models.Index(fields=["year", "title", "id"], name="film_year_title_idx"),
            DescNullsLastIndex(
                F("year").desc(nulls_last=True),
                F("title"),
                F("id"),
                name="film_year_desc_title_idx",
            ),
            DescNullsLastIndex(
                F("box_office").desc(nulls_last=True), name="film_box_office_desc_idx"
            ),
            models.Index(fields=["certification"], name="film_certification_idx"),
            # The browse filter matches a certification in any case (`iexact`).
            models.Index(Upper("certification"), name="film_certification_upper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1870),
                name="film_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return slug_url("catalogue:film", self.slug)

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class FilmGenre(models.Model):
    """A genre of a film, with how central the genre is to it.

    `centrality` and `rank` are derived after each import by
    `catalogue.centrality.genre_centrality_refresh` (the method is documented there);
    a genre page lists its films by `rank`, highest first.
    """

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="film_genres")
    genre = models.ForeignKey(
        Genre, on_delete=models.CASCADE, related_name="film_genres"
    )
    centrality = models.FloatField(
        default=0,
        help_text=_(
            "0-1: how much the genre defines this film, from the film's other "
            "genres, its makers' films, collections and agreeing sources."
        ),
    )
    source_count = models.PositiveSmallIntegerField(
        default=1, help_text=_("How many sources give the film this genre.")
    )
    rank = models.FloatField(
        default=0,
        help_text=_("Order on the genre's page: centrality combined with notability."),
    )

    class Meta:
        # The table and its unique pair are the ones Django created for the plain
        # many-to-many field (migration 0003 keeps its rows).
        db_table = "catalogue_film_genres"
        unique_together = [("film", "genre")]
        indexes = [
            models.Index(fields=["genre", "-rank"], name="film_genre_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.film} is {self.genre}"


class ReviewScore(models.Model):
    """A critics' or audience score published by a named source, never a member rating."""

    class Kind(models.TextChoices):
        TOMATOMETER = "rt_tomatometer", _("Rotten Tomatoes Tomatometer")
        RT_AVERAGE = "rt_average", _("Rotten Tomatoes average rating")
        RT_AUDIENCE = "rt_audience", _("Rotten Tomatoes audience score")
        METACRITIC = "metacritic", _("Metascore")
        IMDB = "imdb", _("IMDb rating")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="review_scores"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.FloatField()
    scale = models.PositiveSmallIntegerField(default=100, help_text=_("Maximum value."))
    review_count = models.PositiveIntegerField(null=True, blank=True)
    fresh_count = models.PositiveIntegerField(null=True, blank=True)
    rotten_count = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="scores")

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "kind"], name="review_score_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value:g}/{self.scale}"


class Video(models.Model):
    """A trailer, teaser or clip hosted elsewhere (YouTube/Vimeo key, as TMDB lists them)."""

    class Kind(models.TextChoices):
        TRAILER = "trailer", _("Trailer")
        TEASER = "teaser", _("Teaser")
        CLIP = "clip", _("Clip")
        FEATURETTE = "featurette", _("Featurette")
        BEHIND_THE_SCENES = "behind_the_scenes", _("Behind the scenes")
        BLOOPERS = "bloopers", _("Bloopers")

    class Site(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="videos")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    site = models.CharField(max_length=10, choices=Site.choices)
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=8, blank=True)
    official = models.BooleanField(
        default=False, help_text=_("Published by the film's studio or distributor.")
    )
    published_at = models.DateTimeField(null=True, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="videos"
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "site", "key"], name="video_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} ({self.get_site_display()})"


class WatchOffer(models.Model):
    """A way to watch the film in one country: a streaming service, a rental, a sale
    (TMDB's watch providers, whose data comes from JustWatch)."""

    class Kind(models.TextChoices):
        FLATRATE = "flatrate", _("Stream")
        FREE = "free", _("Free")
        ADS = "ads", _("With ads")
        RENT = "rent", _("Rent")
        BUY = "buy", _("Buy")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="watch_offers"
    )
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 code, e.g. 'US'."))
    kind = models.CharField(max_length=8, choices=Kind.choices)
    provider = models.CharField(max_length=200)
    provider_id = models.CharField(max_length=20, blank=True)
    logo_path = models.CharField(max_length=300, blank=True)
    link = models.URLField(
        max_length=500, blank=True, help_text=_("Where the offers of the country are.")
    )
    display_priority = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The provider's rank in the country; 1 first."),
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="watch_offers",
    )

    class Meta:
        ordering = ["country", "kind", "display_priority", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "country", "kind", "provider"],
                name="watch_offer_unique",
            ),
        ]
        # "On my services": the films with an offer of these providers in a country.
        indexes = [
            models.Index(
                fields=["country", "provider_id", "film"],
                name="watch_offer_by_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.get_kind_display()}, {self.country})"


class WatchOfferFetch(models.Model):
    """When a source last fetched a film's watch offers (every country at once), so
    that "not available in France as of <date>" can be told from "never asked"."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="watch_offer_fetch"
    )
    fetched_at = models.DateTimeField()
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.film} offers fetched {self.fetched_at:%Y-%m-%d}"


class FilmRelation(models.Model):
    """A directed link: `from_film` is a <kind> of `to_film`."""

    class Kind(models.TextChoices):
        REMAKE_OF = "remake_of", _("remake of")
        SEQUEL_TO = "sequel_to", _("sequel to")
        BASED_ON = "based_on", _("based on")
        VERSION_OF = "version_of", _("another version of")

    from_film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="relations_from"
    )
    to_film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="relations_to"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relations",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_film", "to_film", "kind"], name="film_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_film=models.F("to_film")),
                name="film_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_film} {self.get_kind_display()} {self.to_film}"


class AlternativeTitle(models.Model):
    """Another title a film is known by (a working title, a release title in another
    country, a translation), from a named source; search finds films by them."""

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="alternative_titles"
    )
    title = models.CharField(max_length=500)
    language = models.CharField(
        max_length=8, blank=True, help_text=_("Language code, e.g. 'fr'.")
    )
    country = models.CharField(
        max_length=2, blank=True, help_text=_("Country code, e.g. 'FR'.")
    )
    kind = models.CharField(
        max_length=50,
        blank=True,
        help_text=_(
            "What kind of title it is, as the source words it: 'working', 'festival', "
            "'imdbDisplay', 'working title'…"
        ),
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alternative_titles",
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "title"], name="alternative_title_unique_per_film"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Translation(models.Model):
    """The film's title, overview and tagline in another language, as a source
    translated them (TMDB's translations); the film page offers them in the
    visitor's language."""

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=3, help_text=_("ISO 639-1 code, e.g. 'fr'."))
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 code of a regional variant ('BR' in pt-BR)."),
    )
    title = models.CharField(max_length=500, blank=True)
    overview = models.TextField(blank=True)
    tagline = models.CharField(max_length=1000, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="translations"
    )
    retrieved_at = models.DateTimeField()

    class Meta:
        ordering = ["language", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "language", "country", "source"],
                name="translation_one_per_language_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film_id} in {self.tag}"

    @property
    def tag(self) -> str:
        """The BCP 47 tag: 'fr', 'pt-BR'."""
        return f"{self.language}-{self.country}" if self.country else self.language

    def adds_text_to(self, film: Film) -> bool:
        """Whether the film page has something of this translation to show: an
        overview, a tagline, or a title unlike the film's own titles (German "Heat"
        for Heat adds nothing). The film page offers the languages of such
        translations."""
        own = {other.strip().casefold() for other in (film.title, film.original_title)}
        title = self.title.strip().casefold()
        return bool(
            self.overview.strip()
            or self.tagline.strip()
            or (title and title not in own)
        )


class Release(models.Model):
    """A release of the film in one country as a source gives it (TMDB's
    release_dates). The film's own release date is the preferred source's primary
    one (see `catalogue.provenance`)."""

    class Kind(models.TextChoices):
        PREMIERE = "premiere", _("premiere")
        THEATRICAL_LIMITED = "theatrical_limited", _("limited theatrical")
        THEATRICAL = "theatrical", _("theatrical")
        DIGITAL = "digital", _("digital")
        PHYSICAL = "physical", _("physical")
        TV = "tv", _("TV")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    country = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166-1 code, e.g. 'US'.")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    precision = models.CharField(
        max_length=5, choices=Film.DatePrecision.choices, default="day"
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="releases"
    )

    class Meta:
        ordering = ["date", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "country", "kind", "date"], name="release_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country or '?'} {self.get_kind_display()} {self.date}"


class Certification(models.Model):
    """The film's age rating in one country ("R" in the US, "16" in Germany), as a
    source gives it; the page shows the visitor's country's when known."""

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="certifications"
    )
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 code."))
    rating = models.CharField(max_length=20)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certifications"
    )

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "country"], name="certification_one_per_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.rating}"


class ExternalNamespace(models.TextChoices):
    """Where an external id comes from (the values of `ingest.records.Namespace`)."""

    IMDB = "imdb", "IMDb"
    TMDB = "tmdb", "TMDB"
    WIKIDATA = "wikidata", "Wikidata"


class FilmExternalId(models.Model):
    """A film's id in another database: how every source finds the film it means.

    Films are matched by these ids only, never by title. One id per namespace per film;
    an IMDb id may be shared (a re-edit such as Apocalypse Now Redux has its
    original's), the others are unique. `Film.imdb_id`, `tmdb_id` and `wikidata_id`
    mirror this table for the pages.
    """

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="external_ids"
    )
    namespace = models.CharField(max_length=10, choices=ExternalNamespace.choices)
    value = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("external id")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "namespace"], name="film_external_id_one_per_namespace"
            ),
            models.UniqueConstraint(
                fields=["namespace", "value"],
                condition=~models.Q(namespace="imdb"),
                name="film_external_id_unique_value",
            ),
        ]
        indexes = [
            models.Index(fields=["namespace", "value"], name="film_external_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.namespace}:{self.value}"


class SourcedValue(models.Model):
    """One source's value of one field of a record, and when the source gave it: the
    shape of the films' and the people's provenance rows."""

    field = models.CharField(max_length=40)
    value = models.JSONField(help_text=_("The value as this source gives it."))
    retrieved_at = models.DateTimeField(
        help_text=_("When the value was taken from the source.")
    )

    class Meta:
        abstract = True


class FieldProvenance(SourcedValue):
    """What one source says about one field of one film, and when it said it.

    The film's column shows the value of the source preferred for that field
    (`catalogue.provenance`); the other sources' values stay here, so a source that
    drops a value or a change of preference never loses one, and disagreements can be
    shown to editors. The "editors" source holds values set in the admin.
    """

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="field_provenance"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="field_values"
    )

    class Meta:
        verbose_name = _("field provenance")
        verbose_name_plural = _("field provenance")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "field", "source"], name="field_provenance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film_id}.{self.field} from {self.source_id}"

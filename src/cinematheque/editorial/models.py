"""The editorial layer: the voice of the editorial team on top of the catalogue's facts.

Every editorial piece (a film's text, its complexity note, its content advisory, each FAQ
entry, each claim, each collection) shares `DraftStateMixin`: the row holds the working
copy that editors edit, and `live_content` holds the copy visitors see, frozen at
publication (rendered and sanitised). Only the services in `services.py` change the
workflow fields, and each change writes a `Revision`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.models import Film, Source

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    """Where the working copy of a piece stands."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class EditorialQuerySet(models.QuerySet):
    def live(self) -> Self:
        """Pieces visitors may see: published, even if a newer draft is pending."""
        return self.filter(live=True)

    def awaiting_review(self) -> Self:
        return self.filter(status=Status.IN_REVIEW)

    def with_unpublished_changes(self) -> Self:
        return self.exclude(status=Status.PUBLISHED)


class DraftStateMixin(models.Model):
    """Working copy plus published copy, with an optimistic-concurrency version.

    Subclasses declare which fields make up their content (`content_fields`), which of
    them are Markdown (`markdown_fields`) and which child rows belong to the piece
    (`child_relations`: related name -> fields); `editorial.content` turns that into
    snapshots, diffs and the published copy.
    """

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
    )
    live = models.BooleanField(
        _("live"),
        default=False,
        editable=False,
        help_text=_("Visitors see the published copy of this piece."),
    )
    live_content = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("The published copy, rendered; what visitors see."),
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_(
            "Goes up on every save; a save made from an older version is "
            "refused instead of overwriting someone else's work."
        ),
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_(
            "Shipped with cinematheque as an example; replace it with your own."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    content_fields: ClassVar[tuple[str, ...]] = ()
    markdown_fields: ClassVar[tuple[str, ...]] = ()
    child_relations: ClassVar[dict[str, tuple[str, ...]]] = {}

    objects = EditorialQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def has_unpublished_changes(self) -> bool:
        return self.live and self.status != Status.PUBLISHED

    def editorial_film(self) -> Film | None:
        """The film this piece belongs to (None for collections)."""
        return getattr(self, "film", None)


class EditorProfile(models.Model):
    """How an editor is credited in bylines."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_profile",
    )
    display_name = models.CharField(
        max_length=200, help_text=_("Shown in bylines, e.g. 'Maya Okafor'.")
    )
    expertise = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Area of expertise shown beside the name, e.g. 'crime cinema'."),
    )

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class FilmText(DraftStateMixin):
    """Tagline, synopsis and long-form analysis of one film, with its byline."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="editorial_text"
    )
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("One line that makes a reader want to watch; no spoilers."),
    )
    synopsis = models.TextField(
        blank=True,
        help_text=_("What the film is about, without the ending. Markdown."),
    )
    analysis = models.TextField(
        blank=True,
        help_text=_("Long-form analysis a reader can enjoy before watching. Markdown."),
    )
    spoilers = models.TextField(
        _("analysis with spoilers"),
        blank=True,
        help_text=_(
            "The part of the analysis that gives the story away; readers open "
            "it on purpose. Markdown."
        ),
    )
    byline = models.ForeignKey(
        EditorProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="film_texts",
        help_text=_("Leave empty to credit the cinematheque editorial team."),
    )
    byline_expertise = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "Area of expertise shown in the byline, e.g. 'crime cinema'; "
            "empty uses the editor's own."
        ),
    )

    content_fields = (
        "tagline",
        "synopsis",
        "analysis",
        "spoilers",
        "byline_id",
        "byline_expertise",
    )
    markdown_fields = ("synopsis", "analysis", "spoilers")

    class Meta:
        verbose_name = _("film text")
        verbose_name_plural = _("film texts")

    def __str__(self) -> str:
        return f"Text for {self.film}"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()


class Complexity(DraftStateMixin):
    """How much attention a film asks of its viewer, on a scale of 1 to 5."""

    class Level(models.IntegerChoices):
        ACCESSIBLE = 1, _("Accessible")
        MODERATE = 2, _("Moderate")
        LAYERED = 3, _("Layered")
        CHALLENGING = 4, _("Challenging")
        DEMANDING = 5, _("Demanding")

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="editorial_complexity"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    note = models.TextField(
        blank=True,
        help_text=_("One or two sentences on what makes it easy or hard to follow."),
    )

    content_fields = ("level", "note")

    class Meta:
        verbose_name = _("viewing complexity")
        verbose_name_plural = _("viewing complexities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="complexity_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Complexity of {self.film}"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()


class Severity(models.TextChoices):
    NOT_ASSESSED = "", _("Not assessed")
    NONE = "none", _("None")
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


ADVISORY_CATEGORIES: tuple[tuple[str, StrOrPromise], ...] = (
    ("violence", _("Violence and gore")),
    ("sex", _("Sex and nudity")),
    ("language", _("Language")),
    ("substances", _("Alcohol, drugs and smoking")),
    ("frightening", _("Frightening or intense scenes")),
)


def _severity_field() -> models.CharField:
    return models.CharField(
        max_length=8, choices=Severity.choices, blank=True, default=""
    )


def _advisory_note_field() -> models.CharField:
    return models.CharField(max_length=300, blank=True)


class Advisory(DraftStateMixin):
    """A parents'-guide style content advisory: a severity and a note per category.

    The five categories are fixed, so they are columns rather than rows: one piece,
    one form, one published copy.
    """

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="editorial_advisory"
    )
    summary = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("One line, e.g. 'Contains: mature content'."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Suggested minimum age of the viewer, in years."),
    )
    violence_severity = _severity_field()
    violence_note = _advisory_note_field()
    sex_severity = _severity_field()
    sex_note = _advisory_note_field()
    language_severity = _severity_field()
    language_note = _advisory_note_field()
    substances_severity = _severity_field()
    substances_note = _advisory_note_field()
    frightening_severity = _severity_field()
    frightening_note = _advisory_note_field()

    content_fields = (
        "summary",
        "minimum_age",
        *(
            f"{key}_{part}"
            for key, _ in ADVISORY_CATEGORIES
            for part in ("severity", "note")
        ),
    )

    class Meta:
        verbose_name = _("content advisory")
        verbose_name_plural = _("content advisories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(minimum_age__lte=21),
                name="advisory_minimum_age_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"Advisory for {self.film}"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()


class FaqEntry(DraftStateMixin):
    """A question readers ask about a film, answered by an editor."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text=_("Markdown. Cite sources as links."))
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Lower numbers come first.")
    )

    content_fields = ("question", "answer", "order")
    markdown_fields = ("answer",)

    class Meta:
        ordering = ["film", "order", "id"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()


class Claim(DraftStateMixin):
    """A piece of trivia or a production note, with the sources that support it."""

    class Kind(models.TextChoices):
        TRIVIA = "trivia", _("Trivia")
        PRODUCTION = "production", _("Production note")

    class Verification(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        UNVERIFIED = "unverified", _("Unverified")
        DISPUTED = "disputed", _("Disputed")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TRIVIA)
    text = models.TextField(help_text=_("The claim, in one to three sentences."))
    verification = models.CharField(
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        help_text=_("A claim without any source is always shown as unverified."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    content_fields = ("kind", "text", "verification", "order")
    child_relations = {"citations": ("title", "publisher", "url", "accessed_on")}

    class Meta:
        ordering = ["film", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()


class Citation(models.Model):
    """A source supporting a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    accessed_on = models.DateField(
        null=True, blank=True, help_text=_("When an editor last checked the source.")
    )

    class Meta:
        ordering = ["claim", "id"]

    def __str__(self) -> str:
        return self.title


class Collection(DraftStateMixin):
    """A curated, ordered list of films with an introduction and a byline."""

    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text=_(
            "The page's address, /collections/<slug>/. Not part of the draft: "
            "a change moves the published page at once."
        ),
    )
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text=_("Markdown."))
    byline = models.ForeignKey(
        EditorProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collections",
        help_text=_("Leave empty to credit the cinematheque editorial team."),
    )
    byline_expertise = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "Area of expertise shown in the byline, e.g. 'crime cinema'; "
            "empty uses the editor's own."
        ),
    )
    featured = models.BooleanField(
        default=False, help_text=_("Shown on the home page once published.")
    )

    content_fields = (
        "title",
        "introduction",
        "byline_id",
        "byline_expertise",
        "featured",
    )
    markdown_fields = ("introduction",)
    child_relations = {"items": ("film_id", "order", "note")}

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("editorial:collection", args=[self.slug])


class CollectionItem(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items"
    )
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="collection_items"
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(
        max_length=300, blank=True, help_text=_("Why this film belongs here.")
    )

    class Meta:
        ordering = ["collection", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "film"], name="collection_item_unique_film"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film} in {self.collection}"


class CollectionMembership(models.Model):
    """Read model: which published collections list a film, rebuilt on (un)publish.

    The working list (`CollectionItem`) may differ from the published one; film pages
    must only name the published collections.
    """

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="memberships"
    )
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="collection_memberships"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "film"], name="collection_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film} in {self.collection} (#{self.position})"


class ConflictQuerySet(models.QuerySet["Conflict"]):
    def open(self) -> Self:
        return self.filter(status=Conflict.Status.OPEN)

    def resolved(self) -> Self:
        return self.filter(status=Conflict.Status.RESOLVED)


class Conflict(models.Model):
    """Sources that disagree about one fact, and the editors' decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="conflicts")
    subject = models.CharField(
        max_length=300,
        help_text=_(
            "The fact in question, e.g. 'Spelling of the detective's surname'."
        ),
    )
    field = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text=_(
            "The film field the sources disagree on, when an import raised the "
            "conflict ('year', 'runtime', 'budget', 'box_office', 'director'). "
            "The decision is applied to the film and kept across re-imports."
        ),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    chosen_value = models.TextField(blank=True, editable=False)
    decision = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("What was chosen over what, frozen when the conflict is resolved."),
    )
    decision_note = models.TextField(
        blank=True, help_text=_("Why this value was chosen; shown to readers.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at"]
        permissions = [("resolve_conflict", "Can resolve conflicts between sources")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(resolved_at__isnull=False),
                name="conflict_resolved_has_date",
            ),
            models.UniqueConstraint(
                fields=["film", "field"],
                condition=~models.Q(field=""),
                name="conflict_one_per_film_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film}: {self.subject}"


class ConflictOption(models.Model):
    """One of the competing values, with where it comes from."""

    conflict = models.ForeignKey(
        Conflict, on_delete=models.CASCADE, related_name="options"
    )
    value = models.CharField(max_length=500)
    origin = models.CharField(
        max_length=300,
        help_text=_(
            "Where the value comes from, e.g. 'Imported from Wikidata' or "
            "'Editor, checked against the shooting script'."
        ),
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The imported data source, when the value was imported."),
    )
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflict_options",
        help_text=_("The claim asserting this value, when there is one."),
    )

    class Meta:
        ordering = ["conflict", "id"]

    def __str__(self) -> str:
        return self.value


class RevisionQuerySet(models.QuerySet["Revision"]):
    def for_object(self, obj: models.Model) -> Self:
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class Revision(models.Model):
    """One change to an editorial piece: who, when, what kind, and the full content."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        RESTORED = "restored", _("Restored from an earlier revision")
        REFUSED = "refused", _("Refused save kept after a concurrent edit")
        RESOLVED = "resolved", _("Conflict resolved")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(
        help_text=_("The piece's version after this change.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editorial_revisions",
    )
    author_name = models.CharField(
        max_length=200, help_text=_("Kept even if the account is deleted.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(help_text=_("The working copy as it was then."))
    message = models.CharField(max_length=500, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                name="revision_object_idx",
            ),
        ]
        permissions = [
            ("publish_content", "Can publish and unpublish editorial content"),
            ("restore_revision", "Can restore an earlier revision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author_name} at {self.created_at:%Y-%m-%d %H:%M}"

    def piece(self) -> models.Model | None:
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()


PIECE_MODELS: tuple[type[DraftStateMixin], ...] = (
    FilmText,
    Complexity,
    Advisory,
    FaqEntry,
    Claim,
    Collection,
)

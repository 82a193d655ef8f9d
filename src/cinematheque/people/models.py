"""People and their credits on films."""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.links import slug_url
from cinematheque.catalogue.models import (
    ExternalNamespace,
    Film,
    Source,
    SourcedValue,
)


class Person(models.Model):
    name = models.CharField(max_length=300, db_index=True)
    slug = models.SlugField(
        max_length=255, unique=True, help_text=_("slugify(name), -2, -3… on collision.")
    )
    imdb_id = models.CharField(max_length=12, blank=True, db_index=True)
    tmdb_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    wikidata_id = models.CharField(max_length=16, null=True, blank=True, unique=True)
    profile_path = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The photo's path on TMDB's image server ('/kU3B….jpg')."),
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday = models.DateField(null=True, blank=True)
    deathday = models.DateField(null=True, blank=True)
    place_of_birth = models.CharField(max_length=300, blank=True)
    biography = models.TextField(blank=True)
    also_known_as = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Other names (translations, birth or earlier names); searchable."),
    )
    known_for_department = models.CharField(max_length=40, blank=True)
    prominence = models.FloatField(
        default=0,
        db_index=True,
        help_text=_(
            "Derived from the notability of the person's films; orders cast lists."
        ),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("people:person", self.slug)

    def age(self, today: datetime.date | None = None) -> int | None:
        """Age in whole years at death, or today for the living; None without a
        birthday (a birth year alone is not precise enough)."""
        if self.birthday is None:
            return None
        end = self.deathday or today or timezone.localdate()
        before_birthday = (end.month, end.day) < (
            self.birthday.month,
            self.birthday.day,
        )
        return end.year - self.birthday.year - before_birthday

    def other_names(self) -> list[str]:
        """The names in `also_known_as` that differ from the name shown."""
        return [
            name
            for name in dict.fromkeys(self.also_known_as or [])
            if isinstance(name, str) and name and name != self.name
        ]


class PersonFieldProvenance(SourcedValue):
    """What one source says about one field of one person, and when it said it.

    The rules are the films' (`catalogue.FieldProvenance`): the person's column shows
    the value of the preferred source (`people.provenance`), a source with no value
    has no row, and the "editors" source holds values set in the admin.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="field_provenance"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="person_field_values"
    )

    class Meta:
        verbose_name = _("person field provenance")
        verbose_name_plural = _("person field provenance")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "field", "source"],
                name="person_field_provenance_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}.{self.field} from {self.source_id}"


class PersonExternalId(models.Model):
    """A person's id in another database (IMDb `nm…`, TMDB, Wikidata `Q…`).

    People are matched by these ids, never by name alone: two people who share a name
    stay two people once a source gives them different ids.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="external_ids"
    )
    namespace = models.CharField(max_length=10, choices=ExternalNamespace.choices)
    value = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("external id")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "namespace"],
                name="person_external_id_one_per_namespace",
            ),
            models.UniqueConstraint(
                fields=["namespace", "value"], name="person_external_id_unique_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.namespace}:{self.value}"


class CreditQuerySet(models.QuerySet["Credit"]):
    def cast(self) -> Self:
        return self.filter(department=Credit.Department.ACTING)

    def crew(self) -> Self:
        return self.exclude(department=Credit.Department.ACTING)


class Credit(models.Model):
    class Department(models.TextChoices):
        DIRECTING = "directing", _("Directing")
        WRITING = "writing", _("Writing")
        ACTING = "acting", _("Cast")
        PRODUCTION = "production", _("Production")
        CAMERA = "camera", _("Camera")
        EDITING = "editing", _("Editing")
        SOUND = "sound", _("Sound")
        ART = "art", _("Art")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    department = models.CharField(max_length=12, choices=Department.choices)
    job = models.CharField(
        max_length=100, help_text=_("e.g. 'Director', 'Screenplay', 'Actor'.")
    )
    character = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(
        default=0, help_text=_("Billing order within the department; 0 comes first.")
    )
    order_is_estimated = models.BooleanField(
        default=False,
        help_text=_("True when the source gave no billing and the order was derived."),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["department", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "department", "job"],
                name="credit_unique_role",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "department"], name="credit_person_dept_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.job} — {self.film}"

"""The film in the admin: the imported facts, and what other apps add to its page.

catalogue never imports the apps that stand above it. They extend the film admin by
appending a `FilmAdminExtension` to `FilmAdmin.extensions` from their own `admin.py`
(editorial adds its pieces as inlines, a list filter, a column, a "publish" action and
a preview link), the way Django's admin autodiscovery lets each app register itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import Film

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def report_save(request: HttpRequest, level: int, message: StrOrPromise) -> None:
    """Tell the person what their save did ("Saved as a draft", "Published"), in
    place of Django's generic "was changed successfully", which would blur it."""
    messages.add_message(request, level, message)
    request._save_reported = True  # type: ignore[attr-defined]


class ReportedSaveMixin:
    """For a ModelAdmin whose saves call `report_save`: no generic message then."""

    def message_user(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if not getattr(request, "_save_reported", False):
            super().message_user(request, *args, **kwargs)  # type: ignore[misc]


@dataclass(frozen=True)
class SubmitAction:
    """A button of the film's change form: saves the form, then the extension acts."""

    name: str  # the POST name of the button, e.g. "_publish_all"
    label: str | Promise
    primary: bool = False


@dataclass(frozen=True)
class ObjectTool:
    """A link above the film's change form, e.g. a preview."""

    label: str | Promise
    url: str


class FilmAdminExtension:
    """What another app contributes to the film admin. Override what you need."""

    inlines: Sequence[type[InlineModelAdmin]] = ()
    list_filter: Sequence[Any] = ()
    list_display: Sequence[Any] = ()
    help_text: str | Promise = ""

    def annotate(self, request: HttpRequest, queryset: QuerySet[Film]) -> QuerySet:
        """Annotations the extension's list columns need, added in bulk."""
        return queryset

    def can_change(self, request: HttpRequest) -> bool:
        """Whether this person may open and save the change form for the inlines."""
        return False

    def submit_actions(self, request: HttpRequest, film: Film) -> list[SubmitAction]:
        return []

    def object_tools(self, request: HttpRequest, film: Film) -> list[ObjectTool]:
        return []

    def after_save(self, request: HttpRequest, film: Film) -> None:
        """Called once the film and every inline are saved (e.g. to publish); say
        what was done with `report_save`."""


@admin.register(Film)
class FilmAdmin(ReportedSaveMixin, admin.ModelAdmin):
    """The film as editors see it: facts for reference, other apps' inlines to edit.

    Facts come from the importers and are read-only for everyone but administrators;
    editors dispute them through the conflict queue.
    """

    extensions: ClassVar[list[FilmAdminExtension]] = []

    list_display = ("title", "year", "certification", "runtime")
    search_fields = ("title", "original_title", "imdb_id", "wikidata_id", "=year")
    ordering = ("-notability",)
    show_full_result_count = False
    change_form_template = "catalogue/admin/film_change_form.html"

    def get_list_display(self, request: HttpRequest) -> Any:
        extra = [item for ext in self.extensions for item in ext.list_display]
        return (*self.list_display, *extra)

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [item for ext in self.extensions for item in ext.list_filter]

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return [inline for ext in self.extensions for inline in ext.inlines]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        for extension in self.extensions:
            queryset = extension.annotate(request, queryset)
        return queryset

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return ()
        return [field.name for field in Film._meta.concrete_fields] + [
            field.name for field in Film._meta.many_to_many
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # People who edit what other apps add "change" a film only through the inlines.
        return super().has_change_permission(request, obj) or any(
            ext.can_change(request) for ext in self.extensions
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (
                _("Facts (imported)"),
                {
                    "classes": ("collapse",) if obj else (),
                    "fields": [
                        ("title", "original_title"),
                        ("year", "slug"),
                        ("release_date", "runtime"),
                        ("certification", "certification_country"),
                        "overview",
                        ("tagline", "original_language"),
                        ("budget", "budget_currency"),
                        ("box_office", "box_office_currency"),
                        ("imdb_id", "tmdb_id", "wikidata_id"),
                        "source",
                    ],
                },
            )
        ]

    def save_model(
        self, request: HttpRequest, obj: Film, form: Any, change: bool
    ) -> None:
        # The film row changes only for administrators; others save the inlines.
        if request.user.is_superuser and (not change or form.has_changed()):
            super().save_model(request, obj, form, change)
            # What an administrator typed is the editors' value: no import reverts it.
            edited = provenance.FIELDS if not change else form.changed_data
            provenance.film_fields_edited(
                film=obj, fields=provenance.fields_of_columns(edited)
            )

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        # save_formset runs once per inline: act once everything is saved.
        for extension in self.extensions:
            extension.after_save(request, obj)
        return super().response_change(request, obj)

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any
    ) -> Any:
        film = kwargs.get("obj")
        if film is not None:
            context["submit_actions"] = [
                action
                for ext in self.extensions
                for action in ext.submit_actions(request, film)
            ]
            context["film_object_tools"] = [
                tool
                for ext in self.extensions
                for tool in ext.object_tools(request, film)
            ]
        context["extension_help"] = [
            ext.help_text for ext in self.extensions if ext.help_text
        ]
        # The actions an editor needs: save and keep editing, plus the extensions'.
        context["show_save_and_add_another"] = False
        context["show_save"] = film is None or request.user.is_superuser
        return super().render_change_form(request, context, *args, **kwargs)

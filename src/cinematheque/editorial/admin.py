"""The editors' workplace: the Django admin, organised around the film.

- Films: the film's facts (read-only except for administrators) with one inline per
  editorial piece: text, complexity, advisory, FAQ, claims.
- Each piece also has its own page with its workflow buttons (submit for review,
  publish, unpublish), a preview link, and a history of revisions with readable diffs
  and a restore button.
- Collections with their ordered films; the conflict queue; the audit log.

Every save is checked against the version the editor opened (a concurrent save is
refused with a message and the refused text kept as a revision) and recorded through
`services.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from cinematheque.catalogue.admin import (
    FilmAdmin,
    FilmAdminExtension,
    ObjectTool,
    ReportedSaveMixin,
    SubmitAction,
    report_save,
)
from cinematheque.catalogue.models import Film
from cinematheque.editorial import roles, services
from cinematheque.editorial.content import diff_snapshots, normalise_line_endings
from cinematheque.editorial.models import (
    ADVISORY_CATEGORIES,
    Advisory,
    Citation,
    Claim,
    Collection,
    CollectionItem,
    Complexity,
    Conflict,
    ConflictOption,
    DraftStateMixin,
    EditorProfile,
    FaqEntry,
    FilmText,
    Revision,
    Status,
)

admin.site.site_header = "cinematheque editorial"
admin.site.site_title = "cinematheque admin"
admin.site.index_title = "Films, editorial pieces and collections"


def _json_ready(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    return value


class VersionField(forms.IntegerField):
    """The version of the piece the editor opened; never a change by itself."""

    widget = forms.HiddenInput

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


def _normalised(data: Any) -> Any:
    """The submitted data with CRLF and CR line endings turned into LF."""
    if data is None or not hasattr(data, "lists"):
        return data
    data = data.copy()
    for name, values in list(data.lists()):
        data.setlist(
            name,
            [normalise_line_endings(v) if isinstance(v, str) else v for v in values],
        )
    return data


class EditorialForm(forms.ModelForm):
    """Carries the version the editor opened and refuses a save made from another one.

    A form opened at an older version is compared with the copy the editor opened
    (from the history), not with the newest one: a piece the editor did not touch is
    neither saved nor refused, one they changed is refused and kept in the history.
    A changed piece whose form does not say which version it started from is refused.
    """

    expected_version = VersionField(required=False, min_value=1)
    editor: Any = None  # set per request by the admin

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(_normalised(data), *args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            if self.is_bound:
                self._compare_with_the_version_opened()

    def _opened_version(self) -> int | None:
        raw = self.data.get(self.add_prefix("expected_version"), "")
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    def _content_key(self, name: str) -> str | None:
        fields = self.instance.content_fields
        if name in fields:
            return name
        return f"{name}_id" if f"{name}_id" in fields else None

    def _compare_with_the_version_opened(self) -> None:
        opened = self._opened_version()
        if opened is None or opened == self.instance.version:
            return
        content = services.piece_content_at(piece=self.instance, version=opened)
        if content is None:
            return
        for name in self.fields:
            key = self._content_key(name)
            if key is not None and key in content:
                self.initial[name] = content[key]

    def unsaved_content(self) -> dict[str, Any]:
        """What the editor tried to save, keyed like a snapshot."""
        return {
            key: _json_ready(value)
            for name, value in self.cleaned_data.items()
            if (key := self._content_key(name)) is not None
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk and self.has_changed() and not self.errors:
            try:
                services.piece_check_version(
                    piece=self.instance,
                    expected_version=cleaned.get("expected_version"),
                    author=self.editor,
                    unsaved=self.unsaved_content(),
                )
            except services.EditConflictError as error:
                raise ValidationError(error.message, code="edit_conflict") from error
        return cleaned

    def save_edit(self) -> DraftStateMixin:
        """Save only the fields the editor changed (the workflow fields belong to the
        services); an editor's edit of demo content makes it their own."""
        piece = self.instance
        fields = [name for name in self.changed_data if name != "expected_version"]
        fields += services.piece_take_over_demo(piece=piece)
        piece.save(update_fields=[*fields, "updated_at"])
        return piece


def _saved_pieces(request: HttpRequest) -> list[DraftStateMixin]:
    """The pieces saved by this request's inline forms, in order."""
    saved = getattr(request, "_editorial_saved", None)
    if saved is None:
        saved = []
        request._editorial_saved = saved  # type: ignore[attr-defined]
    return saved


def _draft_message(pieces: list[DraftStateMixin]) -> str:
    names = ", ".join(str(piece._meta.verbose_name) for piece in pieces)
    if any(piece.live for piece in pieces):
        return _(
            "Saved as a draft (%(names)s): visitors still see the published copy "
            "until a chief editor publishes it."
        ) % {"names": names}
    return _(
        "Saved as a draft (%(names)s): not public until a chief editor publishes it."
    ) % {"names": names}


class PieceFormSet(forms.BaseInlineFormSet):
    """The pieces of one film: each changed form is saved and recorded as an edit;
    unchanged forms write nothing."""

    request: Any = None  # set per request by the admin

    def _record(self, piece: DraftStateMixin, *, created: bool) -> None:
        services.piece_record_edit(
            piece=piece, author=self.request.user, created=created
        )
        _saved_pieces(self.request).append(piece)

    def save_new(self, form: Any, commit: bool = True) -> Any:
        piece = super().save_new(form, commit=commit)
        if commit:
            self._record(piece, created=True)
        return piece

    def save_existing(self, form: Any, obj: Any, commit: bool = True) -> Any:
        if not commit:
            return super().save_existing(form, obj, commit=commit)
        piece = form.save_edit()
        self._record(piece, created=False)
        return piece


def _with_editor(form_class: type[EditorialForm], user: Any) -> type[EditorialForm]:
    return type(form_class.__name__, (form_class,), {"editor": user})


def _status_badge(piece: DraftStateMixin) -> str:
    if piece.live and piece.status == Status.PUBLISHED:
        return format_html('<strong style="color:#24594c">{}</strong>', _("Published"))
    if piece.live:
        return format_html(
            '<strong style="color:#8a4a0e">{}</strong> · {}',
            _("Published"),
            _("newer draft")
            if piece.status == Status.DRAFT
            else _("newer draft in review"),
        )
    return format_html(
        '<strong style="color:#6e675d">{}</strong>', piece.get_status_display()
    )


def _preview_url(piece: DraftStateMixin) -> str:
    if isinstance(piece, Collection):
        return reverse("editorial:collection_preview", args=[piece.slug])
    return reverse("editorial:film_preview", args=[cast(Any, piece).film.slug])


# -- inlines on the film page -------------------------------------------------------------


class PieceInline(admin.StackedInline):
    form = EditorialForm
    formset = PieceFormSet
    extra = 0
    readonly_fields = ("workflow",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = _with_editor(self.form, request.user)
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    @admin.display(description=_("State"))
    def workflow(self, piece: DraftStateMixin) -> str:
        if not piece.pk:
            return "—"
        change = reverse(
            f"admin:editorial_{piece._meta.model_name}_change", args=[piece.pk]
        )
        return format_html(
            '{} · version {} · <a href="{}">publish, history…</a>',
            _status_badge(piece),
            piece.version,
            change,
        )


class FilmTextInline(PieceInline):
    model = FilmText
    max_num = 1
    extra = 1  # an empty form to start writing
    fields = (
        "workflow",
        "tagline",
        "synopsis",
        "analysis",
        "spoilers",
        ("byline", "byline_expertise"),
        "expected_version",
    )


class ComplexityInline(PieceInline):
    model = Complexity
    max_num = 1
    extra = 1  # an empty form to start writing
    fields = ("workflow", "level", "note", "expected_version")


def _advisory_category_fieldsets() -> list[tuple[str, Any]]:
    """One fieldset per advisory category: its severity beside its note."""
    return [
        (str(label), {"fields": ((f"{key}_severity", f"{key}_note"),)})
        for key, label in ADVISORY_CATEGORIES
    ]


class AdvisoryInline(PieceInline):
    model = Advisory
    max_num = 1
    extra = 1  # an empty form to start writing
    fieldsets = [
        (
            None,
            {"fields": ("workflow", ("summary", "minimum_age"), "expected_version")},
        ),
        *_advisory_category_fieldsets(),
    ]


class FaqEntryInline(PieceInline):
    model = FaqEntry
    fields = ("workflow", ("question", "order"), "answer", "expected_version")


class ClaimInline(PieceInline):
    model = Claim
    fields = (
        "workflow",
        ("kind", "verification", "order"),
        "text",
        "expected_version",
    )
    show_change_link = True
    verbose_name_plural = _(
        "claims (trivia and production notes; add sources on each claim's own page)"
    )


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    fields = ("subject", "status")
    readonly_fields = ("subject", "status")
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


PIECE_INLINES = (
    FilmTextInline,
    ComplexityInline,
    AdvisoryInline,
    FaqEntryInline,
    ClaimInline,
)


class EditorialStateFilter(admin.SimpleListFilter):
    title = _("editorial layer")
    parameter_name = "editorial"

    def lookups(
        self, request: HttpRequest, model_admin: Any
    ) -> list[tuple[str, StrOrPromise]]:
        return [
            ("published", _("Has published text")),
            ("review", _("Has pieces in review")),
            ("none", _("No editorial text")),
        ]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        texts = FilmText.objects.filter(film=OuterRef("pk"))
        if self.value() == "published":
            return queryset.filter(Exists(texts.filter(live=True)))
        if self.value() == "review":
            return queryset.filter(
                Exists(texts.filter(status=Status.IN_REVIEW))
                | Exists(
                    FaqEntry.objects.filter(
                        film=OuterRef("pk"), status=Status.IN_REVIEW
                    )
                )
                | Exists(
                    Claim.objects.filter(film=OuterRef("pk"), status=Status.IN_REVIEW)
                )
            )
        if self.value() == "none":
            return queryset.filter(~Exists(texts))
        return queryset


@admin.display(boolean=True, description=_("editorial text"), ordering="_has_text")
def has_text(film: Film) -> bool:
    return film._has_text  # type: ignore[attr-defined]


class EditorialFilmAdmin(FilmAdminExtension):
    """Editorial's part of the film admin: its pieces as inlines, a filter, a column,
    "Save and publish every piece" for chief editors and a preview of the drafts."""

    inlines = (*PIECE_INLINES, ConflictInline)
    list_filter = (EditorialStateFilter,)
    list_display = (has_text,)
    help_text = _(
        "Below, each editorial piece of the film: edit it here and save a draft; "
        "open “publish, history…” on a piece to submit, publish or restore it alone."
    )

    def annotate(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.annotate(
            _has_text=Exists(FilmText.objects.filter(film=OuterRef("pk")))
        )

    def can_change(self, request: HttpRequest) -> bool:
        return roles.is_editor(request.user)

    def submit_actions(self, request: HttpRequest, film: Film) -> list[SubmitAction]:
        if not roles.can_publish(request.user):
            return []
        return [SubmitAction("_publish_all", _("Save and publish every piece"))]

    def object_tools(self, request: HttpRequest, film: Film) -> list[ObjectTool]:
        if not roles.is_editor(request.user):
            return []
        url = reverse("editorial:film_preview", args=[film.slug])
        return [ObjectTool(_("Preview drafts"), url)]

    def after_save(self, request: HttpRequest, film: Film) -> None:
        if "_publish_all" not in request.POST:
            if _saved_pieces(request):
                report_save(
                    request, messages.INFO, _draft_message(_saved_pieces(request))
                )
            return
        if not roles.can_publish(request.user):
            report_save(request, messages.ERROR, _("Only chief editors can publish."))
            return
        count = 0
        for model in (FilmText, Complexity, Advisory, FaqEntry, Claim):
            for piece in model.objects.filter(film=film).with_unpublished_changes():
                services.piece_publish(piece=piece, author=request.user)
                count += 1
        report_save(
            request,
            messages.SUCCESS,
            _("Published: visitors now see every piece of this film (%(n)d updated).")
            % {"n": count}
            if count
            else _("Nothing to publish: visitors already see every piece."),
        )


FilmAdmin.extensions.append(EditorialFilmAdmin())


# -- a piece's own page: workflow, preview, history ----------------------------------------


class PieceAdmin(ReportedSaveMixin, admin.ModelAdmin):
    form = EditorialForm
    list_filter: ClassVar[tuple[Any, ...]] = ("status", "live", "is_demo")
    readonly_fields = (
        "workflow_state",
        "version",
        "first_published_at",
        "last_published_at",
        "is_demo",  # follows who wrote it: an editor's save makes the piece theirs
    )
    change_form_template = "editorial/admin/piece_change_form.html"
    object_history_template = "editorial/admin/revisions.html"
    actions = ("submit_selected", "publish_selected", "unpublish_selected")
    list_per_page = 50

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return _with_editor(cast(type[EditorialForm], form), request.user)

    @admin.display(description=_("State"))
    def workflow_state(self, piece: DraftStateMixin) -> str:
        return _status_badge(piece) if piece.pk else "—"

    @admin.display(description=_("State"), ordering="status")
    def state(self, piece: DraftStateMixin) -> str:
        return _status_badge(piece)

    # saving and workflow buttons
    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not change:
            obj.save()
        elif form.has_changed():
            form.save_edit()

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        piece = form.instance
        opened_current = not change or form.cleaned_data.get("expected_version") == (
            piece.version
        )
        super().save_related(request, form, formsets, change)
        saved = (
            not change or form.has_changed() or any(fs.has_changed() for fs in formsets)
        )
        if saved:
            services.piece_record_edit(
                piece=piece, author=request.user, created=not change
            )
            piece.refresh_from_db()
        workflow = {"_submit", "_publish", "_unpublish"} & request.POST.keys()
        if "_submit" in workflow:
            self._submit(request, piece)
        elif saved and not workflow:
            report_save(request, messages.INFO, _draft_message([piece]))
        elif not workflow:
            report_save(request, messages.INFO, _("No changes: nothing was saved."))
        if "_publish" in workflow:
            self._publish(request, piece, opened_current=opened_current)
        if "_unpublish" in workflow:
            if not roles.can_publish(request.user):
                raise PermissionDenied
            services.piece_unpublish(piece=piece, author=request.user)
            report_save(
                request,
                messages.WARNING,
                _("Unpublished: visitors no longer see this piece."),
            )

    def _submit(self, request: HttpRequest, piece: DraftStateMixin) -> None:
        if piece.status == Status.PUBLISHED:
            report_save(
                request,
                messages.INFO,
                _("Nothing to submit: visitors already see this version."),
            )
            return
        services.piece_submit(piece=piece, author=request.user)
        report_save(
            request,
            messages.INFO,
            _("Saved and submitted for review: a chief editor publishes it."),
        )

    def _publish(
        self, request: HttpRequest, piece: DraftStateMixin, *, opened_current: bool
    ) -> None:
        if not roles.can_publish(request.user):
            raise PermissionDenied
        if not opened_current:
            # Never publish a version its publisher has not seen.
            report_save(
                request,
                messages.ERROR,
                _(
                    "Not published: this piece changed after you opened it. "
                    "Read the newest version below, then publish it."
                ),
            )
            return
        services.piece_publish(piece=piece, author=request.user)
        report_save(
            request, messages.SUCCESS, _("Published: visitors now see this version.")
        )

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        context["can_publish"] = roles.can_publish(request.user)
        if obj is not None and obj.pk:
            context["preview_url"] = _preview_url(obj)
            context["piece"] = obj
        return super().render_change_form(request, context, *args, **kwargs)

    # bulk actions
    @admin.action(description=_("Submit selected for review"))
    def submit_selected(self, request: HttpRequest, queryset: Any) -> None:
        count = 0
        for piece in queryset.exclude(status=Status.PUBLISHED):
            services.piece_submit(piece=piece, author=request.user)
            count += 1
        messages.info(
            request,
            _("%(n)d submitted for review: a chief editor publishes them.")
            % {"n": count},
        )

    @admin.action(description=_("Publish selected"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: Any) -> None:
        for piece in queryset:
            services.piece_publish(piece=piece, author=request.user)
        messages.success(
            request,
            _("%(n)d published: visitors now see them.") % {"n": len(queryset)},
        )

    @admin.action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: Any) -> None:
        count = 0
        for piece in queryset.filter(live=True):
            services.piece_unpublish(piece=piece, author=request.user)
            count += 1
        messages.warning(
            request,
            _("%(n)d unpublished: visitors no longer see them.") % {"n": count},
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return roles.can_publish(request.user)

    # history with diffs and restore
    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/restore/<int:revision_id>/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{info[0]}_{info[1]}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        piece = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, piece):
            raise PermissionDenied
        revisions = list(Revision.objects.for_object(piece))
        rows = []
        for index, revision in enumerate(revisions):
            # compare with the previous saved state (refused copies compare with it too)
            previous = next(
                (r for r in revisions[index + 1 :] if r.kind != Revision.Kind.REFUSED),
                None,
            )
            rows.append(
                {
                    "revision": revision,
                    "changes": diff_snapshots(
                        self.model,
                        previous.content if previous else None,
                        revision.content,
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of %(piece)s") % {"piece": piece},
            "subtitle": None,
            "opts": self.opts,
            "object": piece,
            "rows": rows,
            "can_restore": request.user.has_perm(roles.RESTORE_PERMISSION),
            "preview_url": _preview_url(piece),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(
        self, request: HttpRequest, object_id: str, revision_id: int
    ) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        piece = get_object_or_404(self.model, pk=object_id)
        revision = get_object_or_404(Revision.objects.for_object(piece), pk=revision_id)
        if not request.user.has_perm(roles.RESTORE_PERMISSION):
            raise PermissionDenied
        with transaction.atomic():
            services.revision_restore(revision=revision, author=request.user)
        messages.success(
            request,
            _(
                "Revision %(id)d restored as the working copy. Publish it to make it public."
            )
            % {"id": revision.pk},
        )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[piece.pk],
            )
        )


@admin.register(FilmText)
class FilmTextAdmin(PieceAdmin):
    list_display = ("film", "tagline", "state", "byline", "updated_at")
    search_fields = ("film__title", "tagline", "synopsis", "analysis")
    autocomplete_fields = ("film",)
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "film",
                    "workflow_state",
                    "tagline",
                    ("byline", "byline_expertise"),
                )
            },
        ),
        (_("Text"), {"fields": ("synopsis", "analysis", "spoilers")}),
        (
            _("Publication"),
            {
                "fields": (
                    "version",
                    "first_published_at",
                    "last_published_at",
                    "is_demo",
                    "expected_version",
                )
            },
        ),
    ]


@admin.register(Complexity)
class ComplexityAdmin(PieceAdmin):
    list_display = ("film", "level", "state", "updated_at")
    search_fields = ("film__title", "note")
    autocomplete_fields = ("film",)
    fields = ("film", "workflow_state", "level", "note", "is_demo", "expected_version")


@admin.register(Advisory)
class AdvisoryAdmin(PieceAdmin):
    list_display = ("film", "summary", "minimum_age", "state", "updated_at")
    search_fields = ("film__title", "summary")
    autocomplete_fields = ("film",)
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "film",
                    "workflow_state",
                    ("summary", "minimum_age"),
                    "is_demo",
                    "expected_version",
                )
            },
        ),
        *_advisory_category_fieldsets(),
    ]


@admin.register(FaqEntry)
class FaqEntryAdmin(PieceAdmin):
    list_display = ("question", "film", "order", "state", "updated_at")
    search_fields = ("film__title", "question", "answer")
    autocomplete_fields = ("film",)
    fields = (
        "film",
        "workflow_state",
        "question",
        "answer",
        "order",
        "is_demo",
        "expected_version",
    )


class PieceChildFormSet(forms.BaseInlineFormSet):
    """The child rows of a piece (a claim's sources, a collection's films): a change
    made from an older version of the piece is refused like a change of the piece."""

    editor: Any = None  # set per request by the admin

    def clean(self) -> None:
        super().clean()
        piece = self.instance
        if not piece.pk or not self.has_changed() or any(self.errors):
            return
        try:
            opened: int | None = int(self.data.get("expected_version", ""))
        except (TypeError, ValueError):
            opened = None
        if opened == piece.version:
            return
        rows = [
            {
                name: _json_ready(value)
                for name, value in form.cleaned_data.items()
                if name not in {"id", "DELETE", piece._meta.model_name}
            }
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]
        try:
            services.piece_check_version(
                piece=piece,
                expected_version=opened,
                author=self.editor,
                unsaved={str(self.prefix): rows},
            )
        except services.EditConflictError as error:
            raise ValidationError(error.message, code="edit_conflict") from error


class PieceChildInline(admin.TabularInline):
    formset = PieceChildFormSet
    extra = 1

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"editor": request.user})


class CitationInline(PieceChildInline):
    model = Citation
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("title", "publisher", "url", "accessed_on")


@admin.register(Claim)
class ClaimAdmin(PieceAdmin):
    list_display = ("__str__", "film", "kind", "verification", "source_count", "state")
    list_filter = ("kind", "verification", *PieceAdmin.list_filter)
    search_fields = ("film__title", "text", "citations__title")
    autocomplete_fields = ("film",)
    inlines = (CitationInline,)
    fields = (
        "film",
        "workflow_state",
        ("kind", "verification", "order"),
        "text",
        "is_demo",
        "expected_version",
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("film")
            .annotate(_sources=models.Count("citations"))
        )

    @admin.display(description=_("sources"), ordering="_sources")
    def source_count(self, claim: Claim) -> int:
        return claim._sources  # type: ignore[attr-defined]


class CollectionItemInline(PieceChildInline):
    model = CollectionItem
    fields = ("order", "film", "note")
    autocomplete_fields = ("film",)


@admin.register(Collection)
class CollectionAdmin(PieceAdmin):
    list_display = ("title", "slug", "item_count", "featured", "state", "updated_at")
    list_filter = ("featured", *PieceAdmin.list_filter)
    search_fields = ("title", "introduction")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (CollectionItemInline,)
    fields = (
        "title",
        "slug",
        "workflow_state",
        ("byline", "byline_expertise"),
        "featured",
        "introduction",
        "is_demo",
        "expected_version",
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(_items=models.Count("items"))

    @admin.display(description=_("films"), ordering="_items")
    def item_count(self, collection: Collection) -> int:
        return collection._items  # type: ignore[attr-defined]


# -- the conflict queue --------------------------------------------------------------------


class ConflictOptionInline(admin.TabularInline):
    model = ConflictOption
    extra = 2
    fields = ("value", "origin", "source", "claim")
    raw_id_fields = ("claim",)


class ConflictForm(forms.ModelForm):
    chosen_option = forms.ModelChoiceField(
        queryset=ConflictOption.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        label=_("Resolve by choosing"),
        help_text=_(
            "Chief editors: pick the value the page should show, explain why in "
            "the decision note, and save."
        ),
    )

    class Meta:
        model = Conflict
        fields = ("film", "subject", "decision_note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            chosen = cast(forms.ModelChoiceField, self.fields["chosen_option"])
            chosen.queryset = self.instance.options.all()
        else:
            del self.fields["chosen_option"]


@admin.register(Conflict)
class ConflictAdmin(ReportedSaveMixin, admin.ModelAdmin):
    """The queue of facts on which sources disagree, open ones first."""

    form = ConflictForm
    list_display = ("subject", "film", "status", "chosen_value", "created_at")
    list_filter = ("status", "is_demo")
    search_fields = ("subject", "film__title", "options__value")
    autocomplete_fields = ("film",)
    inlines = (ConflictOptionInline,)
    readonly_fields = (
        "status",
        "chosen_value",
        "resolved_by",
        "resolved_at",
        "created_by",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["film", "subject", "status", "decision_note"]
        if obj is not None and obj.status == Conflict.Status.OPEN:
            if request.user.has_perm(roles.RESOLVE_PERMISSION):
                fields.append("chosen_option")
        elif obj is not None:
            fields += ["chosen_value", "resolved_by", "resolved_at"]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.status == Conflict.Status.RESOLVED:
            return (*self.readonly_fields, "film", "subject", "decision_note")
        return self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: Conflict, form: Any, change: bool
    ) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        chosen = form.cleaned_data.get("chosen_option")
        if chosen is not None:
            services.conflict_resolve(
                conflict=form.instance,
                chosen=chosen,
                note=form.cleaned_data.get("decision_note", ""),
                author=request.user,
            )
            report_save(
                request,
                messages.SUCCESS,
                _("Resolved: the film page now shows the chosen value."),
            )


# -- audit log and people -------------------------------------------------------------------


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Every change to every editorial piece, read-only."""

    list_display = (
        "created_at",
        "kind",
        "content_type",
        "object_id",
        "author_name",
        "message",
    )
    list_filter = ("kind", "content_type")
    search_fields = ("author_name", "message")
    date_hierarchy = "created_at"
    readonly_fields = (
        "content_type",
        "object_id",
        "kind",
        "version",
        "author",
        "author_name",
        "created_at",
        "content",
        "message",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "expertise", "user")
    search_fields = ("display_name", "expertise", "user__username")
    raw_id_fields = ("user",)

"""The library in the admin: folders (add, remove, scan), files (filtered by status
and folder), and the review queue of uncertain files, where an operator picks the
film among the candidates in one click or ignores the file."""

from __future__ import annotations

import os
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cinematheque.catalogue.models import Film
from cinematheque.watch.models import LibraryFolder, MatchCandidate, MediaFile

from .scan import scan_libraries
from .services import choose_film, ignore_file

REVIEW_PAGE = 50


class LibraryFolderForm(forms.ModelForm):
    class Meta:
        model = LibraryFolder
        fields = ["path", "name", "enabled"]

    def clean_path(self) -> str:
        path = os.path.realpath(os.path.expanduser(self.cleaned_data["path"]))
        if not os.path.isdir(path):
            raise forms.ValidationError(
                _("%(path)s is not a directory on the server."), params={"path": path}
            )
        return path


@admin.register(LibraryFolder)
class LibraryFolderAdmin(admin.ModelAdmin):
    form = LibraryFolderForm
    list_display = ("path", "name", "enabled", "file_count", "last_scan_at")
    list_filter = ("enabled",)
    search_fields = ("path", "name")
    readonly_fields = ("last_scan_at",)
    actions = ["scan_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LibraryFolder]:
        return super().get_queryset(request).annotate(file_count=Count("files"))

    @admin.display(description=_("files"), ordering="file_count")
    def file_count(self, folder: LibraryFolder) -> int:
        return folder.file_count  # type: ignore[attr-defined]

    @admin.action(description=_("Scan selected folders"), permissions=["change"])
    def scan_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        report = scan_libraries(list(queryset))
        messages.success(request, report.summary())
        for skipped in report.skipped_paths[:20]:
            messages.warning(request, _("Skipped %(path)s") % {"path": skipped})


class MatchCandidateInline(admin.TabularInline):
    model = MatchCandidate
    extra = 0
    fields = ("film", "score")
    readonly_fields = ("film", "score")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin):
    list_display = (
        "relative_path",
        "kind",
        "film",
        "status",
        "method",
        "confidence",
    )
    list_filter = ("status", "folder", "kind", "method")
    search_fields = ("relative_path", "parsed_title", "film__title")
    list_select_related = ("folder", "film")
    raw_id_fields = ("film",)
    inlines = [MatchCandidateInline]
    actions = ["ignore_selected"]
    change_list_template = "watch/admin/mediafile_change_list.html"
    readonly_fields = (
        "folder",
        "relative_path",
        "size",
        "mtime",
        "kind",
        "parsed_title",
        "parsed_year",
        "edition",
        "part",
        "status",
        "method",
        "confidence",
        "container",
        "video_codec",
        "audio_codec",
        "width",
        "height",
        "duration",
        "probed_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # files come from scans

    def save_model(
        self, request: HttpRequest, obj: MediaFile, form: Any, change: bool
    ) -> None:
        """A film chosen in the form is the operator's choice: scans keep it."""
        super().save_model(request, obj, form, change)
        if "film" in form.changed_data:
            if obj.film is not None:
                choose_film(obj, obj.film)
            else:
                obj.status = MediaFile.Status.UNMATCHED
                obj.method = ""
                obj.confidence = 0
                obj.save(update_fields=["status", "method", "confidence"])

    @admin.action(description=_("Ignore selected files"), permissions=["change"])
    def ignore_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for media_file in queryset:
            ignore_file(media_file)
        messages.success(request, _("%(n)d ignored.") % {"n": len(queryset)})

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        uncertain = MediaFile.objects.filter(status=MediaFile.Status.UNCERTAIN)
        context = {"uncertain_count": uncertain.count(), **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "review/",
                view(self.review_view),
                name="{}_{}_review".format(*info),
            ),
            path(
                "review/<int:pk>/choose/",
                view(self.choose_view),
                name="{}_{}_choose".format(*info),
            ),
            path(
                "review/<int:pk>/ignore/",
                view(self.ignore_view),
                name="{}_{}_ignore".format(*info),
            ),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest) -> HttpResponse:
        """The uncertain files, each with its candidates, best first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        queryset = (
            MediaFile.objects.filter(status=MediaFile.Status.UNCERTAIN)
            .select_related("folder")
            .prefetch_related(
                Prefetch(
                    "candidates",
                    queryset=MatchCandidate.objects.select_related("film").order_by(
                        "-score", "film__title"
                    ),
                )
            )
            .order_by("folder__path", "relative_path")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Files waiting for review"),
            "subtitle": None,
            "opts": self.opts,
            "files": queryset[:REVIEW_PAGE],
            "total": queryset.count(),
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "watch/admin/review_queue.html", context)

    def choose_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """ "This is the film": the file's film is the candidate posted."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        media_file = self._file_to_change(request, pk)
        film_id = request.POST.get("film", "")
        film = (
            Film.objects.filter(
                pk=film_id, pk__in=media_file.candidates.values("film")
            ).first()
            if film_id.isdigit()
            else None
        )
        if film is None:
            messages.error(request, _("Choose one of the file's candidate films."))
            return self._back_to_review()
        choose_film(media_file, film)
        messages.success(
            request,
            _("%(file)s is %(film)s.") % {"file": media_file, "film": film},
        )
        return self._back_to_review()

    def ignore_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The file is no film of the catalogue: out of the queue for good."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        media_file = self._file_to_change(request, pk)
        ignore_file(media_file)
        messages.success(request, _("%(file)s ignored.") % {"file": media_file})
        return self._back_to_review()

    def _file_to_change(self, request: HttpRequest, pk: int) -> MediaFile:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(MediaFile, pk=pk)

    def _back_to_review(self) -> HttpResponseRedirect:
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_review".format(*info)))

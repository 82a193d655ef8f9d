"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cinematheque.members.imports import views as history

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    # History in and out (members/imports/)
    path("me/import/", history.import_start, name="import_start"),
    path("me/imports/", history.import_list, name="import_list"),
    path("me/imports/retry/", history.import_retry, name="import_retry"),
    path("me/imports/<int:batch_id>/", history.import_report, name="import_report"),
    path(
        "me/imports/<int:batch_id>/rows/<int:row_id>/",
        history.import_choose,
        name="import_choose",
    ),
    path("me/export/", history.export_page, name="export"),
    path("me/export/download/", history.export_download, name="export_download"),
]

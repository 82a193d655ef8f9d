"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cinematheque.members import content_limit_views

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "me/content-limit/",
        content_limit_views.content_limit_edit,
        name="content_limit",
    ),
]

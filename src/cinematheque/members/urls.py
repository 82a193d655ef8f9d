"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = []

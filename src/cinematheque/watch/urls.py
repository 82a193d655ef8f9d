"""The watch app's pages and endpoints, under /watch/ (each feature adds its own)."""

from django.urls import path  # noqa: F401

app_name = "watch"

urlpatterns: list = []

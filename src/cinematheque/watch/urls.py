"""The watch app's pages and endpoints, under /watch/ (each feature adds its own)."""

from django.urls import path  # noqa: F401

from cinematheque.watch.play.urls import urlpatterns as play_urlpatterns

app_name = "watch"

urlpatterns: list = [*play_urlpatterns]

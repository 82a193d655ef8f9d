"""The player's addresses, included by watch/urls.py (namespace `watch`)."""

from django.urls import path

from cinematheque.watch.play import views

urlpatterns = [
    path("files/<int:pk>/stream", views.stream, name="stream"),
    path("files/<int:pk>/download", views.download, name="download"),
    path("files/<int:pk>/subtitles/<int:number>.vtt", views.subtitle, name="subtitle"),
    path("files/<int:pk>/position", views.position, name="position"),
    path("films/<slug:slug>/player/", views.film_player, name="player"),
    path("continue-watching/", views.continue_watching, name="continue_watching"),
]

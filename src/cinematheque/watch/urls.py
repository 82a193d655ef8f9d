"""The watch app's pages and endpoints, under /watch/ (each feature adds its own)."""

from django.urls import URLPattern, URLResolver, path

from cinematheque.watch.play.urls import urlpatterns as play_urlpatterns
from cinematheque.watch.subscriptions import views as subscriptions
from cinematheque.watch.where.urls import urlpatterns as where_urls

app_name = "watch"

urlpatterns: list[URLPattern | URLResolver] = [
    *where_urls,
    path("services/", subscriptions.services, name="services"),
    *play_urlpatterns,
]

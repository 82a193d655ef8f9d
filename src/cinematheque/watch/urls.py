"""The watch app's pages and endpoints, under /watch/ (each feature adds its own)."""

from django.urls import path

from cinematheque.watch.subscriptions import views as subscriptions

app_name = "watch"

urlpatterns: list = [
    path("services/", subscriptions.services, name="services"),
]

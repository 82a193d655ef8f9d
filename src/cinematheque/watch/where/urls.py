"""Where to watch's addresses, included by watch/urls.py under /watch/."""

from django.urls import path

from cinematheque.watch.where import views

urlpatterns = [
    path("films/<slug:slug>/offers/", views.offers_fragment, name="where_offers"),
    path("films/<slug:slug>/", views.film_where, name="where_film"),
    path("region/", views.region_set, name="where_region"),
]

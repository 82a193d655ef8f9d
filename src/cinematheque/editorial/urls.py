from django.urls import path

from cinematheque.editorial import views
from cinematheque.editorial.feeds import EditorialFeed

app_name = "editorial"

urlpatterns = [
    path("collections/", views.collection_list, name="collection_list"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("feeds/editorial.atom", EditorialFeed(), name="feed"),
    path(
        "editorial/preview/films/<slug:slug>/", views.film_preview, name="film_preview"
    ),
    path(
        "editorial/preview/collections/<slug:slug>/",
        views.collection_preview,
        name="collection_preview",
    ),
]

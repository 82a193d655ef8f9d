from django.urls import path
from django.views.decorators.http import require_safe

from cinematheque.editorial import views
from cinematheque.editorial.feeds import EditorialFeed

app_name = "editorial"

urlpatterns = [
    path("collections/", views.collection_list, name="collection_list"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("feeds/editorial.atom", require_safe(EditorialFeed()), name="feed"),
    path(
        "editorial/preview/films/<slug:slug>/", views.film_preview, name="film_preview"
    ),
    path(
        "editorial/preview/collections/<slug:slug>/",
        views.collection_preview,
        name="collection_preview",
    ),
]

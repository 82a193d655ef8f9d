from django.urls import path

from cinematheque.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("films/", views.film_list, name="film_list"),
    path("films/<slug:slug>/", views.film_detail, name="film"),
    path(
        "films/<slug:slug>/synopsis/<str:tag>.json",
        views.synopsis_translation,
        name="synopsis_translation",
    ),
    path("genres/", views.genre_list, name="genre_list"),
    path("genres/<slug:slug>/", views.genre_detail, name="genre"),
    path("keywords/<slug:slug>/", views.keyword_detail, name="keyword"),
    path("posters/<slug:slug>.svg", views.poster, name="poster"),
    path("images/<str:size>/<str:name>", views.cached_image, name="cached_image"),
    path("share/<slug:slug>.png", views.share_image, name="share_image"),
]

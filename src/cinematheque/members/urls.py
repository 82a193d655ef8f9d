"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cinematheque.members import ratings_views

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    # ratings, diary and watchlist
    path("me/diary/", ratings_views.my_diary, name="my_diary"),
    path("me/diary/new/", ratings_views.diary_new, name="diary_new"),
    path(
        "me/diary/<int:entry_id>/delete/",
        ratings_views.diary_entry_delete,
        name="diary_entry_delete",
    ),
    path("me/watchlist/", ratings_views.my_watchlist, name="my_watchlist"),
    path(
        "me/watchlist/<slug:slug>/add/",
        ratings_views.watchlist_add,
        name="watchlist_add",
    ),
    path(
        "me/watchlist/<slug:slug>/remove/",
        ratings_views.watchlist_remove,
        name="watchlist_remove",
    ),
    path(
        "members/<str:username>/diary/",
        ratings_views.member_diary,
        name="member_diary",
    ),
    path(
        "members/<str:username>/watchlist/",
        ratings_views.member_watchlist,
        name="member_watchlist",
    ),
]

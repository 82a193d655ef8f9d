"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, register_converter

from cinematheque.members import social_views as social

app_name = "members"


class UsernameConverter:
    """What Django's username validator allows: never a NUL or a slash."""

    regex = r"[\w.@+-]{1,150}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UsernameConverter, "member")

urlpatterns: list[URLPattern | URLResolver] = [
    # Social: reviews, lists, following, profiles (members/social_views.py).
    path("members/<member:username>/", social.profile, name="profile"),
    path("members/<member:username>/follow/", social.follow_member, name="follow"),
    path(
        "members/<member:username>/year/<int:year>/", social.year_in_review, name="year"
    ),
    path("members/<member:username>/reviews/", social.member_reviews, name="reviews"),
    path(
        "members/<member:username>/reviews/<int:pk>/",
        social.review_detail,
        name="review",
    ),
    path(
        "members/<member:username>/reviews/<int:pk>/edit/",
        social.review_edit,
        name="review_edit",
    ),
    path(
        "members/<member:username>/reviews/<int:pk>/delete/",
        social.review_delete,
        name="review_delete",
    ),
    path(
        "members/<member:username>/reviews/<int:pk>/like/",
        social.review_like,
        name="review_like",
    ),
    path("members/<member:username>/lists/", social.member_lists, name="lists"),
    path(
        "members/<member:username>/lists/<slug:slug>/", social.list_detail, name="list"
    ),
    path(
        "members/<member:username>/lists/<slug:slug>/edit/",
        social.list_edit,
        name="list_edit",
    ),
    path(
        "members/<member:username>/lists/<slug:slug>/delete/",
        social.list_delete,
        name="list_delete",
    ),
    path(
        "members/<member:username>/lists/<slug:slug>/films/",
        social.list_add,
        name="list_add",
    ),
    path(
        "members/<member:username>/lists/<slug:slug>/films/<int:item_id>/",
        social.list_item,
        name="list_item",
    ),
    path(
        "members/<member:username>/lists/<slug:slug>/order/",
        social.list_reorder,
        name="list_reorder",
    ),
    path("films/<slug:slug>/reviews/", social.film_reviews, name="film_reviews"),
    path("films/<slug:slug>/reviews/new/", social.review_new, name="review_new"),
    path("films/<slug:slug>/add-to-list/", social.film_add_to_list, name="add_to_list"),
    path("me/lists/new/", social.list_new, name="list_new"),
    path("me/feed/", social.feed, name="feed"),
    path("me/profile/", social.profile_edit, name="profile_edit"),
]

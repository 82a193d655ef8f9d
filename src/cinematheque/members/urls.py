"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, register_converter

from cinematheque.members import account_views as accounts
from cinematheque.members import content_limit_views, ratings_views, two_factor_views
from cinematheque.members import social_views as social
from cinematheque.members.imports import views as history

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
    # Accounts
    path("accounts/signup/", accounts.sign_up, name="signup"),
    path("accounts/login/", accounts.LogInView.as_view(), name="login"),
    path(
        "accounts/two-factor/",
        two_factor_views.two_factor_settings,
        name="two_factor",
    ),
    path("accounts/logout/", accounts.LogOutView.as_view(), name="logout"),
    path(
        "accounts/password/reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/settings/", accounts.account_settings, name="settings"),
    path("accounts/settings/profile/", accounts.profile_update, name="profile_update"),
    path("accounts/settings/email/", accounts.email_change, name="email_change"),
    path(
        "accounts/email/verify/resend/",
        accounts.email_verify_resend,
        name="email_verify_resend",
    ),
    path(
        "accounts/email/verify/<str:token>/",
        accounts.email_verify,
        name="email_verify",
    ),
    path("accounts/tokens/", accounts.token_new, name="token_create"),
    path(
        "accounts/tokens/<int:token_id>/revoke/",
        accounts.token_delete,
        name="token_revoke",
    ),
    path("accounts/delete/", accounts.account_delete, name="account_delete"),
    # ratings, diary and watchlist
    path("me/diary/", ratings_views.my_diary, name="my_diary"),
    path("me/diary/new/", ratings_views.diary_new, name="diary_new"),
    path(
        "me/diary/<int:entry_id>/edit/",
        ratings_views.diary_entry_edit,
        name="diary_entry_edit",
    ),
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
    # History in and out (members/imports/)
    path("me/import/", history.import_start, name="import_start"),
    path("me/imports/", history.import_list, name="import_list"),
    path("me/imports/retry/", history.import_retry, name="import_retry"),
    path("me/imports/<int:batch_id>/", history.import_report, name="import_report"),
    path(
        "me/imports/<int:batch_id>/status/",
        history.import_status,
        name="import_status",
    ),
    path(
        "me/imports/<int:batch_id>/rows/<int:row_id>/",
        history.import_choose,
        name="import_choose",
    ),
    path("me/export/", history.export_page, name="export"),
    path("me/export/download/", history.export_download, name="export_download"),
    path(
        "me/content-limit/",
        content_limit_views.content_limit_edit,
        name="content_limit",
    ),
]

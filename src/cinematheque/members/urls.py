"""Members' pages: accounts at /accounts/…, profiles at /members/<username>/, and
what a signed-in member keeps at /me/…. Each feature adds its routes here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cinematheque.members import account_views as accounts
from cinematheque.members import ratings_views

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    # Accounts
    path("accounts/signup/", accounts.sign_up, name="signup"),
    path("accounts/login/", accounts.LogInView.as_view(), name="login"),
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

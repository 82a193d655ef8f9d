"""The header's account menu on every page: filled after load from
`/personal/site/` (pages/personal.py), so that pages stay one cached copy for all.

The menu's markup is in templates/base.html (`<template id="account-menu">`); this
field gives the member's name and the addresses of its links. A link whose page
is not installed is left out (its `<li>` stays hidden)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from cinematheque.pages.personal import register_site_personal_field

# Menu entry → (URL name, whether it takes the member's username).
MENU_LINKS = {
    "profile": ("members:profile", True),
    "for_you": ("recommendations:for_you", False),
    "feed": ("members:feed", False),
    "diary": ("members:my_diary", False),
    "watchlist": ("members:my_watchlist", False),
    "lists": ("members:lists", True),
    "history": ("members:import_start", False),
    "services": ("watch:services", False),
    "settings": ("members:settings", False),
}


def _link(url_name: str, username: str | None) -> str | None:
    try:
        return reverse(url_name, args=[username] if username else [])
    except NoReverseMatch:
        return None


def menu_links(username: str) -> dict[str, str]:
    """The menu's addresses for this member, without the pages not installed."""
    links = {
        entry: _link(url_name, username if by_username else None)
        for entry, (url_name, by_username) in MENU_LINKS.items()
    }
    links["logout"] = reverse("members:logout")
    return {entry: url for entry, url in links.items() if url}


def account(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"signed_in": False}
    username = user.get_username()
    return {"signed_in": True, "username": username, "links": menu_links(username)}


register_site_personal_field("account", account)

"""The player's places on the film and home pages. Both pages are one cached copy
for everyone, so the sections hold only an empty, hidden placeholder: the page's
script fills it for a member from the endpoints in views.py. The film's personal
field `playable` tells the script whether this member may play a copy of the film
(null for visitors), so that other members' pages ask for nothing more."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinematheque.pages.personal import register_personal_field
from cinematheque.pages.registry import Section, register
from cinematheque.watch.play.access import may_play
from cinematheque.watch.play.player import has_playable_files


def playable(request: HttpRequest, film: Any) -> bool | None:
    if not request.user.is_authenticated:
        return None
    return may_play(request.user) and has_playable_files(film)


def register_play_sections() -> None:
    register(
        Section(
            name="play",
            page="film",
            slot="actions",
            order=15,
            template="watch/play/film_section.html",
        )
    )
    register(
        Section(
            name="continue-watching",
            page="home",
            slot="featured",
            order=5,
            template="watch/play/home_section.html",
        )
    )
    register_personal_field("playable", playable)

"""The player's endpoints under /watch/: a file's bytes (stream, download), its
subtitles as WebVTT, the member's position in it, the player of a film page and the
home page's "Continue watching", both HTML fragments that the page's script asks
for (the pages themselves are one cached copy for everyone)."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from cinematheque.catalogue.models import Film
from cinematheque.members.ratelimit import rate_limited
from cinematheque.watch.play import access, positions
from cinematheque.watch.play.paths import folder_root, media_path
from cinematheque.watch.play.player import player_files
from cinematheque.watch.play.streaming import file_response
from cinematheque.watch.play.subtitles import (
    SubtitleError,
    as_webvtt,
    subtitles_beside,
)


@require_http_methods(["GET", "HEAD"])
def stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file's bytes for the <video> element, with HTTP Range."""
    media_file = access.media_file_get_for_player(request, pk)
    return file_response(request, media_path(media_file))


@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file as an attachment, for members allowed to download."""
    media_file = access.media_file_get_for_player(request, pk, download=True)
    path = media_path(media_file)
    return file_response(request, path, download_name=PurePosixPath(path).name)


@require_http_methods(["GET", "HEAD"])
def subtitle(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The file's subtitle `number` (from 1, in name order) as WebVTT."""
    media_file = access.media_file_get_for_player(request, pk)
    found = subtitles_beside(media_path(media_file), folder_root(media_file))
    if not 1 <= number <= len(found):
        raise Http404("This file has no such subtitles.")
    try:
        text = as_webvtt(found[number - 1].path)
    except (OSError, SubtitleError):
        raise Http404("These subtitles cannot be read.") from None
    response = HttpResponse(text, content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_POST
@rate_limited("watch-position", limit=120, window=60)  # the player saves every 5 s
def position(request: HttpRequest, pk: int) -> JsonResponse:
    """Save where the member is: a JSON object `{"position": s, "duration": s}`."""
    media_file = access.media_file_get_for_player(request, pk)
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return _json_error('Send a JSON object: {"position": …, "duration": …}.')
    if not isinstance(data, dict) or "position" not in data:
        return _json_error('Send a JSON object: {"position": …, "duration": …}.')
    try:
        saved = positions.position_save(
            user=request.user,
            media_file=media_file,
            position=data["position"],
            duration=data.get("duration"),
        )
    except positions.PositionError as error:
        return _json_error(str(error))
    response = JsonResponse(
        {
            "position": saved.position,
            "duration": saved.duration,
            "finished": saved.finished,
        }
    )
    add_never_cache_headers(response)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Cookie",))
    return response


@require_http_methods(["GET", "HEAD"])
def film_player(request: HttpRequest, slug: str) -> HttpResponse:
    """The film page's player for this member (an HTML fragment)."""
    if not access.may_play(request.user):
        raise PermissionDenied(access.NOT_ALLOWED)
    film = get_object_or_404(Film, slug=slug)
    if not access.film_within_limit(request, film):
        raise PermissionDenied(access.HIDDEN)
    files = player_files(request.user, film)
    return _private(
        render(
            request,
            "watch/play/player.html",
            {
                "film": film,
                "files": files,
                "may_download": access.may_download(request.user),
            },
        )
    )


@require_http_methods(["GET", "HEAD"])
def continue_watching(request: HttpRequest) -> HttpResponse:
    """The home page's "Continue watching" for this member (an HTML fragment)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in to see the films you are watching.")
    entries = [
        entry
        for entry in positions.continue_watching(request.user)
        if access.film_within_limit(request, entry.film)
    ]
    return _private(
        render(request, "watch/play/continue_watching.html", {"entries": entries})
    )

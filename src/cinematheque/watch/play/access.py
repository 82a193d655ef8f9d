"""Who may play and download the library's files: members given `watch.play_media`
(and `watch.download_media`) by an operator, in the admin or with
`cinematheque watch allow`, and superusers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cinematheque.watch.models import MediaFile

PLAY = "watch.play_media"
DOWNLOAD = "watch.download_media"
NOT_ALLOWED = "The operator has not allowed your account to play the library's files."


def may_play(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(PLAY))


def may_download(user: Any) -> bool:
    return may_play(user) and bool(user.has_perm(DOWNLOAD))


def media_file_get_for_player(
    user: Any, pk: int, *, download: bool = False
) -> MediaFile:
    """The media file `pk` if `user` may play it (download it, with `download`):
    PermissionDenied for visitors and members not allowed, Http404 for no such file
    or a file of a disabled folder."""
    if not (may_download(user) if download else may_play(user)):
        raise PermissionDenied(NOT_ALLOWED)
    media_file = get_object_or_404(MediaFile.objects.select_related("folder"), pk=pk)
    if not media_file.folder.enabled:
        raise Http404("This file is not in the library.")
    return media_file


def play_permission_set(user: Any, *, play: bool, download: bool) -> None:
    """Give or take a member's permissions to play and to download (downloading
    needs playing: `download=True` gives both, `play=False` takes both)."""
    permissions = {
        codename: Permission.objects.get(
            content_type__app_label="watch", codename=codename
        )
        for codename in ("play_media", "download_media")
    }
    if play:
        user.user_permissions.add(permissions["play_media"])
    else:
        user.user_permissions.remove(permissions["play_media"])
    if download and play:
        user.user_permissions.add(permissions["download_media"])
    else:
        user.user_permissions.remove(permissions["download_media"])

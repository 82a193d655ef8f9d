"""Where a library file is played from."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from cinematheque.watch.models import MediaFile


def stream_url(media_file: MediaFile) -> str:
    """The URL that streams this file (the "play" feature's `watch:stream`)."""
    try:
        return reverse("watch:stream", kwargs={"pk": media_file.pk})
    except NoReverseMatch:  # before the streaming view is merged
        return f"/watch/files/{media_file.pk}/stream"

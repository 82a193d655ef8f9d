"""Where a library file is played from."""

from __future__ import annotations

from django.urls import reverse

from cinematheque.watch.models import MediaFile


def stream_url(media_file: MediaFile) -> str:
    """The URL that streams this file (the "play" feature's `watch:stream`)."""
    return reverse("watch:stream", kwargs={"pk": media_file.pk})

"""What the watch app stores: the operator's library folders and the video files found
in them, a member's playback position per file, and the streaming services a member
subscribes to. Where-to-watch offers and trailers are catalogue data (catalogue.WatchOffer,
catalogue.Video), written by the TMDB source."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LibraryFolder(models.Model):
    """A folder on the server whose video files members may play."""

    path = models.CharField(
        max_length=1000, unique=True, help_text="Absolute path on the server."
    )
    name = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_scan_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name or self.path


class MediaFile(models.Model):
    """One video file of a library folder, what its name says, and the film it is."""

    class Kind(models.TextChoices):
        FEATURE = "feature", "Feature"
        TRAILER = "trailer", "Trailer"
        EXTRA = "extra", "Extra"
        SAMPLE = "sample", "Sample"

    class Status(models.TextChoices):
        MATCHED = "matched", "Matched"
        UNCERTAIN = "uncertain", "Waiting for review"
        UNMATCHED = "unmatched", "No match"
        IGNORED = "ignored", "Ignored"

    class Method(models.TextChoices):
        TMDB_ID = "tmdb_id", "TMDB id in the name"
        IMDB_ID = "imdb_id", "IMDb id in the name"
        NFO = "nfo", ".nfo sidecar"
        TITLE_YEAR = "title_year", "Title and year"
        TITLE = "title", "Title only"
        MANUAL = "manual", "Chosen by an operator"

    folder = models.ForeignKey(
        LibraryFolder, on_delete=models.CASCADE, related_name="files"
    )
    relative_path = models.CharField(
        max_length=1000, help_text="Path below the library folder, with '/'."
    )
    size = models.BigIntegerField(default=0)
    mtime = models.FloatField(default=0, help_text="Modification time (Unix seconds).")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEATURE)
    parsed_title = models.CharField(max_length=300, blank=True)
    parsed_year = models.PositiveSmallIntegerField(null=True, blank=True)
    edition = models.CharField(
        max_length=200, blank=True, help_text="The version, e.g. Director's Cut."
    )
    part = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="cd1/part1 of a stacked film."
    )
    film = models.ForeignKey(
        "catalogue.Film",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_files",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.UNMATCHED, db_index=True
    )
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    confidence = models.FloatField(default=0)
    # Technical details from ffprobe; empty when ffprobe is not installed.
    container = models.CharField(max_length=40, blank=True)
    video_codec = models.CharField(max_length=40, blank=True)
    audio_codec = models.CharField(max_length=40, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds.")
    probed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["folder", "relative_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["folder", "relative_path"], name="media_file_unique_path"
            ),
        ]
        permissions = [
            ("play_media", "Can play the library's files"),
            ("download_media", "Can download the library's files"),
        ]

    def __str__(self) -> str:
        return self.relative_path


class MatchCandidate(models.Model):
    """A film an uncertain file might be, for the operator's review queue."""

    media_file = models.ForeignKey(
        MediaFile, on_delete=models.CASCADE, related_name="candidates"
    )
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()

    class Meta:
        ordering = ["media_file", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["media_file", "film"], name="match_candidate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.media_file} → {self.film} ({self.score:.2f})"


class PlaybackPosition(models.Model):
    """Where a member stopped in a file, saved every few seconds while playing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="playback_positions",
    )
    media_file = models.ForeignKey(
        MediaFile, on_delete=models.CASCADE, related_name="positions"
    )
    position = models.FloatField(help_text="Seconds from the start.")
    duration = models.FloatField(null=True, blank=True)
    finished = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "media_file"], name="one_position_per_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.position:.0f} s of {self.media_file}"


class MemberService(models.Model):
    """A streaming service a member subscribes to (TMDB's provider id and name)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="services"
    )
    provider_id = models.CharField(max_length=20)
    provider = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider_id"], name="one_service_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.provider}"

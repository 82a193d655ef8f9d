"""Image URLs of posters, backdrops and profile photos served by a source (TMDB).

Films and people keep only the image's path on the source's server ('/rrBu….jpg');
the source's `image_configuration` (TMDB's /configuration, stored at each import)
says where the server is and which widths it serves. Nothing is downloaded unless the
operator turns on the local image cache (`catalogue/image_cache.py`): then the URLs
point at /images/ on this site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import get_script_prefix

from cinematheque.catalogue.models import Source

TMDB_SOURCE_KEY = "tmdb"
IMAGE_KINDS = ("poster", "backdrop", "profile", "logo")
_CACHE_KEY = "catalogue:tmdb-image-configuration"
CARD_POSTER_WIDTH = 342  # 200 CSS pixels wide on a card, sharp on most screens


@dataclass(frozen=True)
class ImageConfiguration:
    """Where the images are served and in which widths."""

    base_url: str = "https://image.tmdb.org/t/p/"
    poster_sizes: tuple[str, ...] = ("w92", "w154", "w185", "w342", "w500", "original")
    backdrop_sizes: tuple[str, ...] = ("w300", "w780", "w1280", "original")
    profile_sizes: tuple[str, ...] = ("w45", "w185", "h632", "original")
    logo_sizes: tuple[str, ...] = ("w45", "w92", "w154", "w185", "original")
    local_url: str = ""
    """With the local image cache on, where it serves the images ('/images/')."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImageConfiguration:
        """Read TMDB's /configuration answer (or its `images` part); keep the
        defaults for anything missing or malformed."""
        images = data.get("images", data)
        if not isinstance(images, Mapping):
            return cls()
        defaults = cls()
        base = images.get("secure_base_url") or images.get("base_url")
        return cls(
            base_url=_with_slash(base) if isinstance(base, str) else defaults.base_url,
            poster_sizes=_sizes(images.get("poster_sizes"), defaults.poster_sizes),
            backdrop_sizes=_sizes(
                images.get("backdrop_sizes"), defaults.backdrop_sizes
            ),
            profile_sizes=_sizes(images.get("profile_sizes"), defaults.profile_sizes),
            logo_sizes=_sizes(images.get("logo_sizes"), defaults.logo_sizes),
        )

    def as_json(self) -> dict[str, Any]:
        """The form kept in `Source.image_configuration` (TMDB's own keys)."""
        return {
            "secure_base_url": self.base_url,
            "poster_sizes": list(self.poster_sizes),
            "backdrop_sizes": list(self.backdrop_sizes),
            "profile_sizes": list(self.profile_sizes),
            "logo_sizes": list(self.logo_sizes),
        }

    def sizes(self, kind: str) -> tuple[str, ...]:
        return {
            "poster": self.poster_sizes,
            "backdrop": self.backdrop_sizes,
            "profile": self.profile_sizes,
            "logo": self.logo_sizes,
        }[kind]

    def size_for(self, kind: str, width: int) -> str:
        """The smallest width served that is at least `width` pixels, else the
        largest; "original" only when no widths are listed."""
        widths = sorted(
            (int(size[1:]), size)
            for size in self.sizes(kind)
            if size.startswith("w") and size[1:].isdigit()
        )
        for pixels, size in widths:
            if pixels >= width:
                return size
        return widths[-1][1] if widths else "original"

    def url(self, kind: str, path: str, width: int) -> str:
        """The URL of the image at `path` about `width` pixels wide ("" for no path)."""
        if not path:
            return ""
        base = self.local_url or self.base_url
        return f"{base}{self.size_for(kind, width)}/{path.lstrip('/')}"


def tmdb_image_configuration() -> ImageConfiguration:
    """The configuration stored by the last TMDB import (TMDB's defaults before),
    kept in the cache: lists of cards ask for it once per poster."""
    stored = cache.get(_CACHE_KEY)
    if stored is None:
        stored = (
            Source.objects.filter(key=TMDB_SOURCE_KEY)
            .values_list("image_configuration", flat=True)
            .first()
        ) or {}
        cache.set(_CACHE_KEY, stored, timeout=None)
    return served_from(ImageConfiguration.from_json(stored))


def served_from(configuration: ImageConfiguration) -> ImageConfiguration:
    """The configuration pointing at this site's /images/ when the local image cache
    is on (`CINEMATHEQUE_IMAGE_CACHE`), else as it is."""
    if settings.IMAGE_CACHE:
        return replace(configuration, local_url=f"{get_script_prefix()}images/")
    return configuration


def tmdb_image_configuration_forget() -> None:
    """Call after changing the TMDB source's `image_configuration`."""
    cache.delete(_CACHE_KEY)


def card_poster_url(film: Any) -> str | None:
    """The URL of the film's TMDB poster for a card; None when it has none or the
    query did not load `poster_path` (the caller shows the generated poster)."""
    if "poster_path" in film.get_deferred_fields() or not film.poster_path:
        return None
    return tmdb_image_configuration().url("poster", film.poster_path, CARD_POSTER_WIDTH)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _sizes(value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return default

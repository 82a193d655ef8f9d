"""Links to pages that take a slug, built without reverse() on every link.

Pages with many links build them as prefix + slug + suffix. reverse() costs about
30 µs on a slow CPU, so the parts are kept per URLconf, script prefix and language
(everything a reverse() depends on). No model is imported here: models use it too.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_SLUG = "SLUG"


def slug_url_parts(url_name: str) -> tuple[str, str]:
    """The URL of `url_name` around its slug: ('/people/', '/') for 'people:person',
    ('/posters/', '.svg') for 'catalogue:poster'."""
    return _slug_url_parts(
        url_name,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


@functools.lru_cache(maxsize=256)
def _slug_url_parts(
    url_name: str, urlconf: str, script_prefix: str, language: str | None
) -> tuple[str, str]:
    prefix, _, suffix = reverse(url_name, urlconf=urlconf, args=[_SLUG]).rpartition(
        _SLUG
    )
    return prefix, suffix


def slug_url(url_name: str, slug: str) -> str:
    """reverse(url_name, args=[slug]) for a slug, through the kept parts."""
    prefix, suffix = slug_url_parts(url_name)
    return f"{prefix}{slug}{suffix}"


def site_url(name: str) -> str:
    """reverse(name) for a URL without arguments, worked out once per process.

    reverse() reads the language and the namespaces on every call (about 50 µs on a
    slow CPU) and the layout has a dozen fixed links on every page; what it returns
    depends only on the URLconf, the script prefix and the language, the memo's keys.
    """
    return _reversed(
        name,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


def site_static(path: str) -> str:
    """The URL of a static file, as `static(path)` gives it, worked out once per
    storage and DEBUG (the manifest storage parses and joins URLs on every call)."""
    return _static_url(path, storages["staticfiles"], settings.DEBUG)


@functools.lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, script_prefix: str, language: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@functools.lru_cache(maxsize=256)
def _static_url(path: str, storage: Storage, debug: bool) -> str:
    return storage.url(path)

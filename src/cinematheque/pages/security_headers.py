"""The browser-side security policy of every response: Content-Security-Policy,
Permissions-Policy and the headers Django's own middleware would add.

The middleware sits right after Django's SecurityMiddleware, before the page cache:
a page served from the cache gets the same headers as a fresh render, and a change
of policy needs no cache flush.

Why the policy reads as it does:
- Scripts: 'self' only, no 'unsafe-inline', no nonces. Pages are cached and shared
  (pages/cache.py, nginx's micro-cache), so a per-request nonce would be the same
  for everyone and worth nothing; instead no page has an inline script or an `on…=`
  attribute (tests/watch/test_security_headers.py greps the templates). JSON-LD
  blocks (`application/ld+json`) and Swagger UI's settings (`application/json`)
  are data the browser never runs, which a policy does not govern.
- Styles: 'self' plus 'unsafe-inline'. Some templates set a style attribute from
  data (the rating histogram's bar heights, each genre tile's colours), which no
  hash can cover, and Swagger UI and Django's admin write style attributes. Styles
  cannot run script; what an injected style could do needs injected markup first,
  which the templates' escaping already stops.
- Frames: only the two privacy-friendly players the trailers open on click
  (watch/trailers/), and no site may frame ours (frame-ancestors 'none', with
  X-Frame-Options: DENY for older browsers).
- Images: our own, data: URIs (Swagger UI's icons) and TMDB's image server
  (posters, backdrops, photos, provider logos).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

# The two players the trailers section may load into an iframe, exactly.
VIDEO_PLAYERS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
TMDB_IMAGES = "https://image.tmdb.org"

CONTENT_SECURITY_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", TMDB_IMAGES),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "media-src": ("'self'",),
    "frame-src": VIDEO_PLAYERS,
    "frame-ancestors": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# Nothing may use the camera, microphone or location; the players may start on
# the click that opened them and go full screen.
_PLAYERS = " ".join(f'"{origin}"' for origin in VIDEO_PLAYERS)
PERMISSIONS_POLICY: dict[str, str] = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "autoplay": f"(self {_PLAYERS})",
    "fullscreen": f"(self {_PLAYERS})",
    "picture-in-picture": f"(self {_PLAYERS})",
}


def content_security_policy() -> str:
    """The policy; with the local image cache on, images come from this site only
    (TMDB's image server is dropped from img-src)."""
    from django.conf import settings

    policy = dict(CONTENT_SECURITY_POLICY)
    if settings.IMAGE_CACHE:
        policy["img-src"] = tuple(s for s in policy["img-src"] if s != TMDB_IMAGES)
    return "; ".join(
        f"{directive} {' '.join(sources)}" for directive, sources in policy.items()
    )


def permissions_policy() -> str:
    return ", ".join(
        f"{feature}={allowlist}" for feature, allowlist in PERMISSIONS_POLICY.items()
    )


class SecurityHeadersMiddleware:
    """Adds the policy headers to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": content_security_policy(),
            "Permissions-Policy": permissions_policy(),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
        }

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response

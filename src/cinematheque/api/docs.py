"""The interactive docs at /api/v1/docs, and the API's description.

Swagger UI is served from this site's static files, never a CDN: django-ninja ships
the assets and uses them when "ninja" is in INSTALLED_APPS. Our template differs from
ninja's only by a viewport tag (readable on a phone) and no favicon request.
"""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class OfflineSwagger(Swagger):
    template = "api/swagger.html"
    default_settings = {
        **Swagger.default_settings,
        # No badge fetched from validator.swagger.io.
        "validatorUrl": None,
    }


DESCRIPTION = """\
Public, read-only JSON API of the cinematheque film guide. No key is needed.

- **Films**: `GET /films` lists films with the filters and sort orders of the /films/
  browse page, paginated by `limit` (1 to 100, default 20) and `offset`; the answer is
  `{count, limit, offset, items}`. `GET /films/{film_id}` is one film with every fact,
  its credits and the sources of its data; `GET /films/by-slug/{slug}` is the same
  document found by the slug of the film's page (`heat-1995`).
- **People**: `GET /people/{person_id}` and `GET /people/by-slug/{slug}`, with the
  filmography grouped by role, newest films first.
- **Errors** are JSON `{status, title, detail, errors}`: 400 for an invalid parameter
  (each in `errors`, with its location), 404 for an unknown id or slug.
- **Caching**: successful responses carry `Cache-Control: public, max-age=60` and an
  `ETag`; send `If-None-Match` to get a 304 when nothing changed.
- **Licence**: every film lists the `sources` of its data with their licence and the
  attribution to show.
"""

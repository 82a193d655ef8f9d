"""Swagger UI served from this site's static files, so /api/v1/docs works offline.

django-ninja ships the Swagger UI assets and uses them when "ninja" is in
INSTALLED_APPS; its template also links favicons that the package does not ship,
which a manifest static storage refuses, so we render our own template.
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

"""Which country's offers a member's services are matched against: the region the
where-to-watch section uses (watch/where/regions.py): the member's setting, else the
visitor's cookie, else a guess from Accept-Language, else the operator's."""

from __future__ import annotations

from django.http import HttpRequest

from cinematheque.watch.where.regions import resolve_region


def region_for(request: HttpRequest) -> str:
    """The ISO 3166-1 code of the request's where-to-watch region."""
    return resolve_region(request).code

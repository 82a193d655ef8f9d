"""Placeholder views: replaced by the pages work."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


home = film_list = film_detail = genre_list = genre_detail = poster = about = _todo
robots_txt = sitemap = _todo


def page_not_found(request, exception=None):
    return HttpResponse("Not found", status=404)

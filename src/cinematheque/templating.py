"""The Jinja2 environment of the public pages (Django's `jinja2` backend, see
`TEMPLATES` in settings): autoescaping, the URL and static-file helpers, the section
slot renderer, Django's value filters the templates use, and each app's own
formatters from its `template_filters.py` (`FILTERS`, a name → function map).
The admin keeps Django's template language."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms.renderers import BaseRenderer
from django.forms.renderers import Jinja2 as Jinja2FormRenderer
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, Environment, Undefined

from cinematheque.catalogue.links import site_static, site_url, slug_url
from cinematheque.pages.slots import render_slot

# Django's filters under their Django names, so the templates format values exactly
# as the Django templates did (Jinja2's own striptags, urlencode and slice differ).
DJANGO_FILTERS: dict[str, Callable[..., Any]] = {
    "add": defaultfilters.add,
    "capfirst": defaultfilters.capfirst,
    "date": defaultfilters.date,
    "filesizeformat": defaultfilters.filesizeformat,
    "default_if_none": defaultfilters.default_if_none,
    "floatformat": defaultfilters.floatformat,
    "intcomma": intcomma,
    "json_script": defaultfilters.json_script,
    "linebreaks": defaultfilters.linebreaks_filter,
    "linebreaksbr": defaultfilters.linebreaksbr,
    "pluralize": defaultfilters.pluralize,
    "stringformat": defaultfilters.stringformat,
    "striptags": defaultfilters.striptags,
    "timesince": defaultfilters.timesince_filter,
    "truncatewords": defaultfilters.truncatewords,
    "urlencode": defaultfilters.urlencode,
    "yesno": defaultfilters.yesno,
}


class MissingValue(ChainableUndefined):
    """A missing value: renders as nothing, and so do its attributes (film.director.name
    when there is no director); compared with anything it is false. As in Django's
    template language, so `{% if page.paginator.num_pages > 1 %}` without a page is
    simply false."""

    def _false(self, other: Any) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false  # type: ignore[assignment]


def undefined_as_empty(function: Callable[..., Any]) -> Callable[..., Any]:
    """The filter given "" for a missing value, as Django's template language gives
    its filters (Django's filters call float() or len() on what they get)."""

    @functools.wraps(function)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> Any:
        return function("" if isinstance(value, Undefined) else value, *args, **kwargs)

    return wrapper


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{{ url("catalogue:film", film.slug) }}`: reverse(); a URL without arguments
    is worked out once per process."""
    if not args and not kwargs:
        return site_url(name)
    return reverse(name, args=args or None, kwargs=kwargs or None)


@functools.cache
def public_form_renderer() -> BaseRenderer:
    """The renderer of the form fields on public pages (`default_renderer` of their
    forms): Django's own widget templates in their Jinja2 version, rendered by
    Jinja2 like the pages around them, in about half the time Django's template
    language takes (the film page's "Log a viewing" dialog: 2.1 → 1.1 ms). One
    instance per process, so that its environment is built once; the admin's
    forms keep Django's renderer (its widgets exist only as Django templates)."""
    return Jinja2FormRenderer()


def app_filters() -> dict[str, Callable[..., Any]]:
    """The `FILTERS` of every installed app's `template_filters` module."""
    found: dict[str, Callable[..., Any]] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.template_filters")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.template_filters":
                raise
            continue
        found.update(getattr(module, "FILTERS", {}))
    return found


def environment(**options: Any) -> Environment:
    """The environment Django's Jinja2 backend renders the public templates with."""
    # With DEBUG on too (the backend would otherwise pick DebugUndefined or Undefined).
    options["undefined"] = MissingValue
    options.setdefault("keep_trailing_newline", True)
    options.pop("autoescape", None)  # always on for the public pages
    env = Environment(autoescape=True, **options)
    env.globals.update(
        url=url,
        static=static,
        site_url=site_url,
        slug_url=slug_url,  # url(name, slug) for pages with many such links
        site_static=site_static,
        render_slot=render_slot,
    )
    filters = {**DJANGO_FILTERS, **app_filters()}
    env.filters.update(
        {name: undefined_as_empty(function) for name, function in filters.items()}
    )
    return env

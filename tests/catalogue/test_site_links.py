"""The layout's fixed links are kept per process, yet follow what they depend on."""

from django.template import engines
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix


def render(source: str) -> str:
    return engines["jinja2"].from_string(source).render()


def test_site_url_equals_the_url_global():
    assert render("{{ site_url('pages:about') }}") == render("{{ url('pages:about') }}")
    assert render("{{ url('pages:about') }}") == "/about/"


def test_url_with_arguments_reverses_them():
    assert render("{{ url('catalogue:film', 'heat-1995') }}") == "/films/heat-1995/"
    assert (
        render("{{ url('catalogue:film', slug='heat-1995') }}") == "/films/heat-1995/"
    )


def test_site_url_follows_the_script_prefix():
    previous = get_script_prefix()
    assert render("{{ site_url('catalogue:home') }}") == "/"
    try:
        set_script_prefix("/cinema/")
        assert render("{{ site_url('catalogue:home') }}") == "/cinema/"
        assert render("{{ url('catalogue:home') }}") == "/cinema/"
    finally:
        set_script_prefix(previous)
    assert render("{{ site_url('catalogue:home') }}") == "/"


def test_site_static_follows_the_static_settings():
    source = "{{ site_static('css/site.css') }}"
    assert render(source) == render("{{ static('css/site.css') }}")
    with override_settings(STATIC_URL="/assets/"):
        assert render(source) == "/assets/css/site.css"
    assert render(source) == "/static/css/site.css"

"""The layout's fixed links are kept per process, yet follow what they depend on."""

from django.template import engines
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix


def render(source: str) -> str:
    return engines["django"].from_string("{% load site_links %}" + source).render()


def test_site_url_equals_the_url_tag():
    assert render("{% site_url 'pages:about' %}") == render("{% url 'pages:about' %}")


def test_site_url_follows_the_script_prefix():
    previous = get_script_prefix()
    assert render("{% site_url 'catalogue:home' %}") == "/"
    try:
        set_script_prefix("/cinema/")
        assert render("{% site_url 'catalogue:home' %}") == "/cinema/"
    finally:
        set_script_prefix(previous)
    assert render("{% site_url 'catalogue:home' %}") == "/"


def test_site_static_follows_the_static_settings():
    source = "{% site_static 'css/site.css' %}"
    assert render(source) == render("{% load static %}{% static 'css/site.css' %}")
    with override_settings(STATIC_URL="/assets/"):
        assert render(source) == "/assets/css/site.css"
    assert render(source) == "/static/css/site.css"

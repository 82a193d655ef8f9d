"""The region: the member's setting, else the visitor's cookie, else a guess from
Accept-Language, else the operator's CINEMATHEQUE_REGION."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cinematheque.watch.where.regions import (
    WATCH_REGION_COOKIE,
    RegionFrom,
    region_from_accept_language,
    resolve_region,
)
from tests import factories


def request_with(*, user=None, cookie: str | None = None, languages: str = ""):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=languages)
    if cookie is not None:
        request.COOKIES[WATCH_REGION_COOKIE] = cookie
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
def test_members_own_setting_wins_over_cookie_and_languages(settings):
    member = factories.make_user(region="JP")

    region = resolve_region(request_with(user=member, cookie="DE", languages="fr-FR"))

    assert (region.code, region.origin) == ("JP", RegionFrom.MEMBER)


@pytest.mark.django_db
def test_member_without_a_setting_gets_the_cookie():
    member = factories.make_user(region="")

    region = resolve_region(request_with(user=member, cookie="de", languages="fr-FR"))

    assert (region.code, region.origin) == ("DE", RegionFrom.COOKIE)


def test_cookie_wins_over_the_browsers_languages():
    region = resolve_region(request_with(cookie="CA", languages="fr-FR,fr;q=0.9"))

    assert (region.code, region.origin) == ("CA", RegionFrom.COOKIE)


def test_a_cookie_that_is_not_a_country_is_ignored():
    region = resolve_region(request_with(cookie="<script>", languages="de"))

    assert (region.code, region.origin) == ("DE", RegionFrom.LANGUAGE)


def test_languages_guess_the_region_without_a_cookie():
    region = resolve_region(request_with(languages="fr-FR,fr;q=0.9,en;q=0.8"))

    assert (region.code, region.origin) == ("FR", RegionFrom.LANGUAGE)


def test_operator_default_when_nothing_else_says(settings):
    settings.CINEMATHEQUE_REGION = "GB"

    region = resolve_region(request_with(languages="en"))

    assert (region.code, region.origin) == ("GB", RegionFrom.DEFAULT)
    assert region.name == "United Kingdom"


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("fr-FR", "FR"),
        ("de", "DE"),
        ("fr-CA,fr;q=0.8", "CA"),
        ("pt-BR", "BR"),
        ("en", None),
        ("en-GB,en;q=0.9", "GB"),
        ("en;q=0.4, de-AT;q=0.9", "AT"),
        ("es-419", "ES"),
        ("zh-Hant-TW", "TW"),
        ("*", None),
        ("", None),
        ("fr;q=0, it", "IT"),
        ("xx-ZZ", None),
        (";;;,,q=", None),
    ],
)
def test_accept_language_guess(header, country):
    assert region_from_accept_language(header) == country

"""The search inputs limit what can be typed, so a pasted essay never becomes an
over-long URL."""

import re

import pytest

pytestmark = pytest.mark.django_db


def input_attributes(html: str, input_id: str) -> str:
    match = re.search(rf'<input id="{input_id}"[^>]*>', html)
    assert match, input_id
    return match.group(0)


def test_header_search_box_takes_at_most_200_characters(client):
    html = client.get("/").content.decode()
    assert 'maxlength="200"' in input_attributes(html, "site-search-input")


def test_results_page_search_box_takes_at_most_200_characters(client):
    html = client.get("/search/").content.decode()
    assert 'maxlength="200"' in input_attributes(html, "search-page-input")

"""/api/v1/docs renders Swagger UI in Chromium with every non-local request blocked."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.e2e  # ./dev test installs Debian's chromium


def test_docs_render_and_call_the_api_without_the_network(
    chromium, live_server, tmp_path
):
    factories.make_film(title="Heat", year=1995, slug="heat-1995")
    blocked: list[str] = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = chromium.new_context()
    try:
        page = context.new_page()
        page.route("**/*", only_local)
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock", timeout=15_000)

        assert page.locator(".info .title").inner_text().startswith("cinematheque API")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/films" in paths
        assert "/api/v1/people/{person_id}" in paths

        page.locator("#operations-films-listFilms .opblock-summary").click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        page.wait_for_selector(".live-responses-table tr.response .response-col_status")
        status = page.locator(
            ".live-responses-table tr.response .response-col_status"
        ).first
        assert status.inner_text().strip() == "200"
        assert "heat-1995" in page.locator(".live-responses-table").inner_text()
        page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
    finally:
        context.close()

    assert blocked == []

"""The Content-Security-Policy in a real Chromium: the film page (with trailers and
TMDB pictures), home, browse, search, a person, member pages, the admin and the API
docs run without a single violation, and the policy is really enforced (an inline
script is refused)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from tests.e2e.test_member_ratings import sign_in
from tests.e2e.test_tmdb_images import drawn_jpeg
from tests.e2e.test_trailers_browser import Outside, add_videos

pytestmark = pytest.mark.e2e

# Every violation, whether Chromium reports it on the console or as an event.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Watcher:
    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self.note)

    def note(self, message) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in (
            message.text
        ):
            self.console.append(message.text)

    def visit(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None
        assert response.status < 400, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")
        return self.page.evaluate("window.__violations")


@pytest.fixture
def site(transactional_db):
    from tests.catalogue.sample import make_heat_sample

    sample = make_heat_sample()
    sample.heat.poster_path = "/heat-poster.jpg"
    sample.heat.backdrop_path = "/heat-backdrop.jpg"
    sample.heat.save(update_fields=["poster_path", "backdrop_path"])
    add_videos(sample.heat)
    factories.make_source(key="tmdb", name="TMDB", url="https://www.themoviedb.org/")
    return sample


def answer_tmdb_images(page) -> None:
    picture = drawn_jpeg(500, 750, "#0f2238", "#c2562e")
    Outside(page)  # refuse everything but the live server …
    page.route(  # … and answer TMDB's pictures here (routes added last match first)
        "https://image.tmdb.org/**",
        lambda route: route.fulfill(
            status=200, content_type="image/jpeg", body=picture
        ),
    )


def test_pages_run_without_a_policy_violation(desktop, live_server, site):
    page = desktop
    answer_tmdb_images(page)
    watcher = Watcher(page)
    member = factories.make_user(username="ada")
    base = live_server.url
    visitor_pages = [
        "/films/heat-1995/",
        "/",
        "/films/",
        "/genres/",
        "/search/?q=heat",
        site.pacino.get_absolute_url(),
        "/accounts/login/",
        "/api/v1/docs",
    ]
    violations = {path: watcher.visit(base + path) for path in visitor_pages}
    # Swagger UI really ran under the policy (it draws the operations itself).
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 3
    # The facade becomes youtube-nocookie's player: a frame the policy allows (its
    # request is refused by the test's network, not by the policy).
    page.goto(f"{base}/films/heat-1995/")
    page.locator("#trailers .trailer__facade").first.click()
    page.locator("#trailers iframe").wait_for(state="attached")
    page.wait_for_timeout(300)
    violations["trailer player"] = page.evaluate("window.__violations")

    sign_in(page, live_server, member)
    for path in ("/films/heat-1995/", "/members/ada/", "/me/watchlist/", "/me/diary/"):
        violations[f"member {path}"] = watcher.visit(base + path)

    admin = factories.make_user(role="admin", username="root")
    user_model = get_user_model()
    sign_in(page, live_server, admin)
    for path in (
        "/admin/",
        "/admin/catalogue/film/",
        f"/admin/catalogue/film/{site.heat.pk}/change/",
        reverse(
            f"admin:{user_model._meta.app_label}_{user_model._meta.model_name}_add"
        ),
    ):
        violations[f"admin {path}"] = watcher.visit(base + path)

    assert {path: found for path, found in violations.items() if found} == {}
    assert watcher.console == []


def test_the_policy_is_enforced(desktop, live_server, site):
    page = desktop
    answer_tmdb_images(page)
    watcher = Watcher(page)
    watcher.visit(f"{live_server.url}/films/heat-1995/")

    ran = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.body.append(script);
          const frame = document.createElement("iframe");
          frame.src = "https://www.youtube.com/embed/x";
          document.body.append(frame);
          return window.__injected === true;
        }"""
    )
    page.wait_for_timeout(300)

    assert ran is False
    found = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in found), found
    assert any(v.startswith("frame-src") and "www.youtube.com" in v for v in found), (
        found
    )

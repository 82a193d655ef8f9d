"""Pages of films and people imported from IMDb's datasets, in a real Chromium:
billing in IMDb's order without the "estimated" note, the IMDb rating among the
scores, birth and death years on the person page. Screenshots go to
$IMDB_SHOTS (default: the test's temporary directory)."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from cinematheque.ingest.imdb import imdb_import
from cinematheque.ingest.services import touched_refresh

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imdb_datasets"


@pytest.fixture
def imported(transactional_db, tmp_path: Path) -> None:
    directory = tmp_path / "imdb"
    directory.mkdir()
    for path in FIXTURES.glob("*.tsv"):
        with (
            path.open("rb") as raw,
            gzip.open(directory / f"{path.name}.gz", "wb") as gz,
        ):
            shutil.copyfileobj(raw, gz)
    report = imdb_import(directory=directory)
    touched_refresh(
        films=report.upserted.touched_films,
        people=report.upserted.touched_people,
        recommendations=False,
    )


def test_imdb_film_and_person_pages(desktop, phone, live_server, imported, tmp_path):
    shots = Path(os.environ.get("IMDB_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for page, label in ((desktop, "desktop"), (phone, "phone")):
        page.goto(f"{live_server.url}/films/heat-1995/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=shots / f"heat-imdb-{label}.png", full_page=True)
        cast = page.locator("#cast")
        assert "estimated" not in cast.inner_text()
        text = cast.inner_text()
        assert (
            text.index("Al Pacino")
            < text.index("Robert De Niro")
            < text.index("Val Kilmer")
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= (
            390 if label == "phone" else 1280
        )
    desktop.locator("#cast").screenshot(path=shots / "heat-imdb-cast.png")
    desktop.get_by_role("link", name="Val Kilmer").first.click()
    desktop.wait_for_load_state("networkidle")
    assert "1959\u20132025" in desktop.locator(".person-head").inner_text()
    desktop.screenshot(path=shots / "kilmer-desktop.png")
    phone.goto(desktop.url)
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=shots / "kilmer-phone.png")

"""Heat's list on the whole bundled catalogue, as a film lover would judge it."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Film
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.services import recommendations_refresh_for_film

pytestmark = [pytest.mark.bundled, pytest.mark.django_db]

SIGNALS = {
    Recommendation.Kind.DIRECTOR,
    Recommendation.Kind.CAST,
    Recommendation.Kind.COLLECTION,
    Recommendation.Kind.RELATION,
}


def test_heat_is_followed_by_michael_mann_and_its_leads(bundled_catalogue):
    heat = Film.objects.get(slug="heat-1995")

    recommendations_refresh_for_film(film=heat)

    rows = list(Recommendation.objects.for_film(heat))
    assert 8 <= len(rows) <= 12
    titles = [row.recommended.title for row in rows]
    assert "Heat" not in titles
    reasons = [row.reason for row in rows]
    mann = [r for r in reasons if r.startswith("Also directed by Michael Mann")]
    assert len(mann) >= 3
    assert len(set(mann)) == len(mann)  # each says what else that film is
    assert any(
        "Al Pacino" in reason or "Robert De Niro" in reason for reason in reasons
    )
    assert {"Collateral", "The Insider", "Thief", "Manhunter"} & set(titles[:6])
    # Shared director or leads first; genre-only suggestions after all of them.
    kinds = [row.kind for row in rows]
    assert set(kinds[:4]) <= SIGNALS
    profile = [rank for rank, kind in enumerate(kinds) if kind not in SIGNALS]
    signal = [rank for rank, kind in enumerate(kinds) if kind in SIGNALS]
    assert not profile or min(profile) > max(signal[:4])

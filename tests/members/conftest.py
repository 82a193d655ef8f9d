"""Fixtures shared by the members' tests."""

from __future__ import annotations

import types

import pytest

from cinematheque.members import ratelimit


@pytest.fixture
def frozen_window(monkeypatch):
    """The rate limiter's clock stands still mid-window: a test that sends a
    limit's worth of requests never sees the window turn over part-way."""
    monkeypatch.setattr(
        ratelimit, "time", types.SimpleNamespace(time=lambda: 1_000_030.0)
    )

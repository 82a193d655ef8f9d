"""Fixtures shared by the members' tests."""

from __future__ import annotations

import types

import pytest
from django.test import Client

from cinematheque.members import ratelimit
from tests.members.limits import make_catalogue, member_client


@pytest.fixture
def frozen_window(monkeypatch):
    """The rate limiter's clock stands still mid-window: a test that sends a
    limit's worth of requests never sees the window turn over part-way."""
    monkeypatch.setattr(
        ratelimit, "time", types.SimpleNamespace(time=lambda: 1_000_030.0)
    )


@pytest.fixture
def catalogue(db) -> types.SimpleNamespace:
    """Heat (R), Babe (G) and Thief (unknown certification): tests/members/limits.py."""
    return make_catalogue()


@pytest.fixture
def limited(catalogue) -> Client:
    """A signed-in member whose content limit is PG-13."""
    return member_client("PG-13")

"""Fixtures of the page-layer tests: Heat, as in the editorial tests, and clients."""

from tests.editorial.conftest import client_for, heat

__all__ = ["client_for", "heat"]

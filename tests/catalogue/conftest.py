import pytest
from django.core.cache import cache

from tests.catalogue.sample import HeatSample, make_heat_sample


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cache filter menus and counts; each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sample(db) -> HeatSample:
    return make_heat_sample()

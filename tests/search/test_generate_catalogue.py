"""benchmarks/generate_catalogue.py stays usable: other benchmarks build on it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from cinematheque.catalogue.models import Film
from cinematheque.people.models import Credit, Person

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_catalogue.py"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_catalogue", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return sys.modules[spec.name]


def test_generator_fills_the_catalogue_to_the_asked_size(db):
    report = _generator().generate(films=400, credits=2_000, seed=3)
    assert Film.objects.count() == report.films == 400
    assert Person.objects.count() == report.people == 320
    assert abs(Credit.objects.count() - 2_000) < 200
    assert Credit.objects.filter(department=Credit.Department.DIRECTING).count() == 400
    assert len(set(Film.objects.values_list("slug", flat=True))) == 400
    assert Person.objects.filter(prominence__gt=0).exists()
    titles = set(Film.objects.values_list("title", flat=True))
    assert len(titles) > 350  # varied, with some namesakes


def test_generated_films_are_searchable(db):
    from cinematheque.search.engine import search
    from cinematheque.search.services import search_rebuild

    _generator().generate(films=200, credits=800, seed=5)
    search_rebuild()
    film = Film.objects.order_by("-notability").first()
    assert film.slug in [hit.slug for hit in search(film.title).hits[:10]]

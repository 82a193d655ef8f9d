"""The watch app's sections of the film and home pages, one module per feature
(discovered by pages.registry.autodiscover)."""

from cinematheque.watch.play.sections import register_play_sections
from cinematheque.watch.trailers import sections as _trailers  # noqa: F401
from cinematheque.watch.where import sections as _where  # noqa: F401

register_play_sections()

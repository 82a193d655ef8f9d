"""The watch app's sections of the film and home pages, one module per feature
(discovered by pages.registry.autodiscover)."""

from cinematheque.watch.where import sections as where_sections  # noqa: F401

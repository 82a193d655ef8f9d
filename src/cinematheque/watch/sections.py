"""The watch app's sections of the film and home pages, one module per feature
(discovered by pages.registry.autodiscover)."""

from cinematheque.watch.play.sections import register_play_sections

register_play_sections()

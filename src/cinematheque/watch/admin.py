"""The watch app's admin, one module per feature."""

from cinematheque.watch.library import admin as library_admin  # noqa: F401

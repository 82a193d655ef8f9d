"""cinematheque: a self-hosted film guide."""

__version__ = "0.1.0"

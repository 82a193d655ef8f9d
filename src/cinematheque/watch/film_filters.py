"""The watch app's filters of film lists (discovered by catalogue.film_filters)."""

from cinematheque.catalogue.film_filters import register_film_filter
from cinematheque.watch.subscriptions.filters import ON_MY_SERVICES

register_film_filter(ON_MY_SERVICES)

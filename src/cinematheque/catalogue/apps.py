from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cinematheque.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from cinematheque.catalogue import film_filters

        # Apps above the catalogue add personal filters to its film lists.
        film_filters.autodiscover()

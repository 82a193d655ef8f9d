from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cinematheque.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "cinematheque.pages"
    label = "pages"
    verbose_name = "Pages"

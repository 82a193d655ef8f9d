from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "cinematheque.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from cinematheque.pages.registry import autodiscover

        autodiscover()

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PagesConfig(AppConfig):
    name = "cinematheque.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from cinematheque.pages.registry import autodiscover

        autodiscover()
        # Each app's page_cache.py declares which of its pages are cached and
        # connects what forgets them, the way admin.py modules register models.
        autodiscover_modules("page_cache")

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cinematheque.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from cinematheque.search import signals

        signals.connect()

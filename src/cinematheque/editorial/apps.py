from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cinematheque.editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cinematheque.catalogue.centrality import register_evidence
        from cinematheque.editorial.genre_evidence import collection_genre_evidence

        register_evidence(collection_genre_evidence)

from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cinematheque.editorial"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "cinematheque.watch"
    label = "watch"
    verbose_name = "Watch now"
    default_auto_field = "django.db.models.BigAutoField"

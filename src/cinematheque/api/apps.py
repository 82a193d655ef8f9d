from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cinematheque.api"
    label = "api"
    verbose_name = "API"

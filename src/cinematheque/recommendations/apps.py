from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "cinematheque.recommendations"
    verbose_name = "Recommendations"

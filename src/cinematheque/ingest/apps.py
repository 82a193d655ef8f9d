from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "cinematheque.ingest"
    label = "ingest"
    verbose_name = "Ingest"

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "cinematheque.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app's tasks.py registers its kinds of job (jobs/registry.py), the way
        # admin.py modules register models: this app never imports them itself.
        autodiscover_modules("tasks")

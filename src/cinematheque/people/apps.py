from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cinematheque.people"
    label = "people"
    verbose_name = "People"

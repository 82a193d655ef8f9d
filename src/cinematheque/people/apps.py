from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cinematheque.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from cinematheque.catalogue.provenance import register_fields
        from cinematheque.people.provenance import FIELDS, preference_key

        register_fields(*(preference_key(field) for field in FIELDS))

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "cinematheque.members"
    label = "members"
    verbose_name = "Members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The header's account menu, a personal part of every page.
        from cinematheque.members import (
            site_personal,  # noqa: F401
            two_factor,
        )

        two_factor.install()

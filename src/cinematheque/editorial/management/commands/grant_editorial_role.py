"""Give an existing user an editorial role: editor or chief editor.

    cinematheque manage grant_editorial_role alice --role editor --name "Alice Moreau" \
        --expertise "crime cinema"

Adds the user to the role's group, lets them log in to the admin (is_staff) and, with
--name, creates or updates the byline shown on their pieces.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinematheque.editorial import roles
from cinematheque.editorial.models import EditorProfile

ROLE_GROUPS = {"editor": roles.EDITOR_GROUP, "chief": roles.CHIEF_EDITOR_GROUP}


class Command(BaseCommand):
    help = "Make an existing user an editor or a chief editor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "username", help="the account (create it with createsuperuser or the admin)"
        )
        parser.add_argument(
            "--role", choices=sorted(ROLE_GROUPS), required=True, help="editor or chief"
        )
        parser.add_argument("--name", default="", help="name shown in bylines")
        parser.add_argument("--expertise", default="", help="e.g. 'crime cinema'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                f"No user {options['username']!r}: create the account first "
                "(cinematheque manage createsuperuser, or in the admin)."
            )
        try:
            group = Group.objects.get(name=ROLE_GROUPS[options["role"]])
        except Group.DoesNotExist as error:
            raise CommandError(
                "The editorial roles are missing: run migrate."
            ) from error
        user.groups.add(group)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        if options["name"]:
            EditorProfile.objects.update_or_create(
                user=user,
                defaults={
                    "display_name": options["name"],
                    "expertise": options["expertise"],
                },
            )
        if options["verbosity"]:
            self.stdout.write(
                f"{user.get_username()} is now in the group {group.name}."
            )

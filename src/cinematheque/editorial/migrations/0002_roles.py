"""Create the Editor and Chief editor groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from cinematheque.editorial import roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def grant(group_name, model_actions, extra):
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            f"{action}_{model}"
            for model, actions in model_actions.items()
            for action in actions
        ]
        codenames += list(extra)
        permissions = list(
            Permission.objects.filter(
                content_type__app_label="editorial", codename__in=codenames
            )
        )
        # The film admin is the editors' hub: they may view films (never change facts).
        permissions += list(
            Permission.objects.filter(
                content_type__app_label="catalogue", codename="view_film"
            )
        )
        group.permissions.set(permissions)

    grant(roles.EDITOR_GROUP, roles.EDITOR_PERMISSIONS, roles.EDITOR_EXTRA)
    grant(
        roles.CHIEF_EDITOR_GROUP,
        roles.CHIEF_EDITOR_PERMISSIONS,
        roles.CHIEF_EDITOR_EXTRA,
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(
        name__in=[roles.EDITOR_GROUP, roles.CHIEF_EDITOR_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

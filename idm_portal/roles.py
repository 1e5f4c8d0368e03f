"""The IOM staff groups and what each may do in the admin.

`Secretariat` runs the programme (workshops, documents, registrations, surveys); `Finance`
runs budgets, pledges and payments and reads the programme. Permissions are named by
app label; a model that a later issue adds is picked up by the next migrate.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

SECRETARIAT = "Secretariat"
FINANCE = "Finance"

# group -> {app_label: actions}; "*" = every model of the app.
GROUP_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    SECRETARIAT: {
        "workshops": ("add", "change", "delete", "view"),
        "registrations": ("add", "change", "delete", "view"),
        "surveys": ("add", "change", "delete", "view"),
        "funding": ("view",),
        "idm_portal": ("view",),
    },
    FINANCE: {
        "funding": ("add", "change", "delete", "view"),
        "workshops": ("view",),
        "registrations": ("view",),
    },
}

# Permissions that carry personal data or money decisions are granted one by one, never
# through an app-wide rule above.
EXCLUDED_CODENAMES = {"view_passport_details"}


def sync_staff_groups(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, rules in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for app_label, actions in rules.items():
            for permission in Permission.objects.using(using).filter(
                content_type__app_label=app_label
            ):
                action = permission.codename.split("_", 1)[0]
                if action in actions and permission.codename not in EXCLUDED_CODENAMES:
                    wanted.append(permission)
        group.permissions.add(*wanted)

"""The IOM staff groups and what each may do in the admin.

`Secretariat` runs the programme (workshops, documents, registrations, surveys); `Finance`
runs budgets, pledges and payments, reads the programme, and sees of people only what money
needs: the registrations (names, states, roles, statuses; later sponsorships and their
costs), never delegates' profiles, contact details, notes verbales, e-mails, exports or the
staff lists of participants (DESIGN.md: "Finance sees money, not people's files").
Permissions are named by app label ("app": every model) or by model ("app.model"); a model
that a later issue adds to an app-wide rule is picked up by the next migrate. The groups'
permissions are set from this table at each migrate: what is not here is taken away, except
the personal-data permissions below, which staff grant one by one.
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
        # Money is cancelled or released, never deleted: its history stays (funding.admin).
        "funding": ("add", "change", "view"),
        "workshops": ("view",),
        "registrations.registration": ("view",),
        # Sponsorships: names, states and costs (the admin shows no profile); decisions are
        # the secretariat's.
        "registrations.sponsorship": ("view",),
        "registrations.sponsorshipsettings": ("view",),
        "registrations.airfare": ("view",),
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
        wanted = list(
            group.permissions.filter(codename__in=EXCLUDED_CODENAMES)  # granted by hand
        )
        for target, actions in rules.items():
            app_label, _dot, model = target.partition(".")
            permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if model:
                permissions = permissions.filter(content_type__model=model)
            for permission in permissions:
                action = permission.codename.split("_", 1)[0]
                if action in actions and permission.codename not in EXCLUDED_CODENAMES:
                    wanted.append(permission)
        group.permissions.set(wanted)

"""Demo accounts, one for each role of DESIGN.md (all share DEMO_PASSWORD), and the registry
of the apps' demo loaders.

An app with demo data registers its loader at the end of its own ``demo.py``::

    from idm_portal import demo

    demo.register_loader(load)

``manage.py load_demo`` makes the accounts, then imports each app's ``demo`` module and runs
the loaders in INSTALLED_APPS order (lower apps first, so a loader finds the rows of the apps
below it). A loader must be safe to run again: it restores its demo rows, changes nothing else.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.module_loading import autodiscover_modules

from idm_portal.models import User
from idm_portal.roles import FINANCE, SECRETARIAT

DEMO_PASSWORD = "idm-demo-2009"  # noqa: S105 - a published demo password, local data only

DEMO_USERS = [
    # email, first name, last name, role, staff?, superuser?, groups
    ("admin@example.org", "Ada", "Admin", "IOM staff (superuser)", True, True, ()),
    (
        "secretariat@example.org",
        "Sana",
        "Secretariat",
        "IOM staff, Secretariat",
        True,
        False,
        (SECRETARIAT,),
    ),
    ("finance@example.org", "Farid", "Finance", "IOM staff, Finance", True, False, (FINANCE,)),
    ("delegate@example.org", "Dina", "Delegate", "Member-state delegate (Kenya)", False, False, ()),
    (
        "focalpoint@example.org",
        "Felix",
        "Focal",
        "Focal point of a member state (Kenya)",
        False,
        False,
        (),
    ),
    ("donor@example.org", "Doris", "Donor", "Donor contact (United States)", False, False, ()),
    # A second state and a second donor, so that a tester can sign in as someone else's
    # delegate, focal point or donor and see that the first ones' rows are not theirs.
    (
        "delegate2@example.org",
        "Diego",
        "Delegado",
        "Member-state delegate of another state (Mexico, in Spanish)",
        False,
        False,
        (),
    ),
    (
        "focalpoint2@example.org",
        "Fernanda",
        "Focal",
        "Focal point of another state (Mexico, in Spanish)",
        False,
        False,
        (),
    ),
    ("donor2@example.org", "Dag", "Donor", "Contact of another donor (Norway)", False, False, ()),
]
# The language each demo account's e-mails are written in, when not English.
DEMO_LANGUAGES = {"delegate2@example.org": "es", "focalpoint2@example.org": "es"}


def load() -> list[tuple[str, str]]:
    """Create the demo accounts (verified e-mail) and return (e-mail, role) pairs."""
    logins = []
    for email, first, last, role, is_staff, is_superuser, groups in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=is_staff,
                is_superuser=is_superuser,
                preferred_language=DEMO_LANGUAGES.get(email, "en"),
            )
        user.groups.add(*Group.objects.filter(name__in=groups))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        logins.append((email, role))
    return logins


def admin_note() -> str:
    """How the demo's staff open the admin under the current ADMIN_REQUIRE_MFA."""
    if settings.ADMIN_REQUIRE_MFA:
        return (
            "Staff need an authenticator app for /admin/ (ADMIN_REQUIRE_MFA is on): the first "
            "visit sets one up."
        )
    return "Staff open /admin/ with the password alone (ADMIN_REQUIRE_MFA is off)."


_LOADERS: dict[str, Callable[[], object]] = {}


def register_loader(load: Callable[[], object]) -> None:
    """Register `load` as the demo loader of the app whose module defines it."""
    _LOADERS[apps.get_containing_app_config(load.__module__).label] = load


def loaders() -> list[Callable[[], object]]:
    """The apps' demo loaders, in INSTALLED_APPS order (whatever order they were imported in)."""
    autodiscover_modules("demo")
    order = [config.label for config in apps.get_app_configs()]
    return [_LOADERS[label] for label in sorted(_LOADERS, key=order.index)]

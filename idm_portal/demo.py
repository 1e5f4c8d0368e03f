"""Demo accounts, one for each role of DESIGN.md. All share DEMO_PASSWORD."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

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
    ("delegate@example.org", "Dina", "Delegate", "Member-state delegate", False, False, ()),
    ("focalpoint@example.org", "Felix", "Focal", "Focal point of a member state", False, False, ()),
    ("donor@example.org", "Doris", "Donor", "Donor contact", False, False, ()),
]


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

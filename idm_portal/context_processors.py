"""What every page may show, from settings only (the 503 page renders without a database)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from idm_portal import account_roles


def portal(request) -> dict:
    return {
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        # Lazy: the 503 page and anonymous pages never ask the database.
        "account_role": SimpleLazyObject(lambda: account_roles.role_of(request) or False),
    }

"""What every page may show, from settings only (the 503 page renders without a database)."""

from django.conf import settings


def portal(request) -> dict:
    return {"contact_email": settings.PORTAL_CONTACT_EMAIL}

"""What the generated files of registrations share: who on the staff may fetch them, the
unguessable part of a private file's stored name, and the workshop's facts in the reader's
language."""

from __future__ import annotations

from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from idm_portal.templatetags.portal import date_range
from workshops import text as content_text
from workshops.models import Workshop
from workshops.names import place_name

# Staff who may see delegates' profiles may fetch every registration document (letters, staff
# lists of participants); seeing registrations alone (Finance) is not enough.
STAFF_PERMISSION = "registrations.view_delegateprofile"


def is_registrations_staff(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm(STAFF_PERMISSION)
    )


def private_token(kind: str, pk: int) -> str:
    """An unguessable part of a private file's stored name, should the media folder ever be
    served: private files are only ever handed out by views that check who asks."""
    return salted_hmac("registrations.generated-file", f"{kind}:{pk}").hexdigest()[:20]


def meeting(workshop: Workshop) -> str:
    return gettext("International Dialogue on Migration %(year)s") % {
        "year": workshop.programme.year
    }


def workshop_facts(workshop: Workshop, language: str) -> dict:
    with translation.override(language):
        return {
            "title": workshop.title,
            # The PDF marks an English fallback lang="en" (a screen reader switches voice).
            "title_lang": "en" if content_text.is_english_fallback(workshop, "title") else "",
            "dates": date_range(workshop.start_date, workshop.end_date),
            "start_date": workshop.start_date,
            "end_date": workshop.end_date,
            "venue": place_name(workshop.venue, language),
            "year": workshop.programme.year,
            "theme": workshop.programme.theme,
            "theme_lang": "en"
            if content_text.is_english_fallback(workshop.programme, "theme")
            else "",
            "meeting": meeting(workshop),
        }

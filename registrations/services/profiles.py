"""Writes of delegate profiles: making one (first registration, accepted invitation), the
delegate's own edits (with the account's preferred language, which the portal's e-mails and
letters follow), and the erasure of passport details. Each function owns its transaction
and validates the whole profile (full_clean) before saving; a refusal is a RegistrationError
naming its field, a bad value the model's ValidationError (the view maps both to fields).

Passport details exist only for visa letters (DESIGN.md, personal data). They are kept while
the delegate has a live registration for a workshop that ends, or ended less than
``PASSPORT_RETENTION_DAYS`` ago, and erased after that by a daily task, with the visa letters
that show them (a change of the details deletes those letters too). They never enter the
audit history (DelegateProfile.history excludes them) and are never logged: the erasure logs
counts only. The reads behind these rules are in registrations.selectors.profiles.

Locks the profile's row while the delegate edits it. Refuses a change of whom the delegate
represents while a registration is live, and a passport that expires before the delegate's
next workshop ends. Sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from registrations.errors import RegistrationError
from registrations.models.profiles import REPRESENTATION_FIELDS, DelegateProfile
from registrations.selectors import profiles as profiles_selectors
from registrations.services import visa_letters

logger = logging.getLogger(__name__)

# Every passport field with its empty value (a test checks it covers PASSPORT_FIELDS).
NO_PASSPORT = {
    "passport_number": "",
    "nationality": "",
    "date_of_birth": None,
    "passport_expiry": None,
}


@transaction.atomic
def update_profile(
    *,
    profile: DelegateProfile,
    data: Mapping[str, Any],
    by,
    preferred_language: str | None = None,
) -> DelegateProfile:
    """The delegate (or staff) change the profile, and with it the language the portal's
    e-mails and letters follow (the account's, when given). Without a visa letter request the
    passport details are cleared; with one, the passport must outlive the delegate's next
    workshop."""
    if by.pk != profile.user_id and not (by.is_staff and by.is_active):
        raise RegistrationError(gettext("You cannot change another person's profile."))
    profile = DelegateProfile.objects.select_for_update().get(pk=profile.pk)
    changes = dict(data)
    if profiles_selectors.representation_locked(profile):
        for field in REPRESENTATION_FIELDS:
            if field in changes and _pk_or_value(changes[field]) != _pk_or_value(
                getattr(profile, field)
            ):
                raise RegistrationError(
                    gettext(
                        "You have a registration in the delegation of %(represents)s: cancel it "
                        "before you change whom you represent."
                    )
                    % {"represents": profile.represents},
                    field=field,
                )
    passport_before = _passport_of(profile)
    for field, value in changes.items():
        setattr(profile, field, value)
    if not profile.wants_visa_letter:
        _clear_passport(profile)
    elif profile.passport_expiry:
        _check_passport_outlives_workshops(profile)
    if _passport_of(profile) != passport_before:
        # Only new passport details start the retention clock again (see erasable_profiles).
        profile.passport_entered_at = timezone.now() if profile.has_passport_details else None
        # A letter showing the old details must not outlive them; the next is made on request.
        visa_letters.delete_visa_letters(profile_ids=[profile.pk])
    profile.full_clean()
    profile._history_user = by
    profile.save()
    if preferred_language is not None:
        _set_preferred_language(profile.user, preferred_language)
    return profile


def _set_preferred_language(user, language: str) -> None:
    if user.preferred_language == language:
        return
    user.preferred_language = language
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save(update_fields=["preferred_language"])


def _passport_of(profile: DelegateProfile) -> tuple:
    return tuple(getattr(profile, field) for field in NO_PASSPORT)


@transaction.atomic
def create_profile(*, user, data: Mapping[str, Any], by) -> DelegateProfile:
    """Make the user's delegate profile (the first registration asks for it, an accepted
    invitation brings it). A user who already has one keeps it: a double submit that made it
    a moment earlier gets that profile, and the caller's own checks take it from there."""
    existing = DelegateProfile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    profile = DelegateProfile(user=user, **dict(data))
    if profile.has_passport_details:
        profile.passport_entered_at = timezone.now()
    # One profile per user is left to the unique index on the insert: a check here could not
    # see a concurrent submit that has not committed yet.
    profile.full_clean(validate_unique=False)
    profile._history_user = by
    try:
        # A savepoint around the exact insert: when a concurrent submit of the same user
        # inserted first, PostgreSQL holds this INSERT until that one commits, then refuses it;
        # reading again (a new statement under READ COMMITTED) finds the committed profile.
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        return DelegateProfile.objects.get(user=user)
    return profile


def _pk_or_value(value):
    return getattr(value, "pk", value)


def _clear_passport(profile: DelegateProfile) -> None:
    for field, empty in NO_PASSPORT.items():
        setattr(profile, field, empty)


def _check_passport_outlives_workshops(profile: DelegateProfile) -> None:
    today = timezone.localdate()
    if profile.passport_expiry <= today:
        raise RegistrationError(
            gettext("This passport has expired: give the details of a valid passport."),
            field="passport_expiry",
        )
    last_end = (
        profiles_selectors.live_registrations(profile)
        .filter(workshop__end_date__gte=today)
        .order_by("-workshop__end_date")
        .values_list("workshop__end_date", flat=True)
        .first()
    )
    if last_end and profile.passport_expiry <= last_end:
        raise RegistrationError(
            gettext("This passport expires before your workshop ends (%(date)s).")
            % {"date": date_format(last_end)},
            field="passport_expiry",
        )


# The audit history's word for the erasure (DelegateProfile.history leaves the values out).
ERASED_FIELDS = ("passport_entered_at", "wants_visa_letter", "passport_erased_at", "updated_at")
# Stored in English; the history page shows it in the reader's language (a catalogue message).
ERASURE_REASON = gettext_noop(
    "Passport details and visa letters erased after the retention period."
)


def erase_expired_passport_details(*, today: datetime.date | None = None) -> int:
    """Erase passport details no workshop needs any more, and the visa letters that show them;
    return how many profiles. Each erasure is a row of the profile's audit history (who: the
    portal; why: ERASURE_REASON), which never holds passport values."""
    with transaction.atomic():
        candidates = profiles_selectors.erasable_profiles(today=today).values("pk")
        locked = list(
            DelegateProfile.objects.select_for_update()
            .filter(pk__in=candidates)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Read again under the locks: details entered meanwhile are kept.
        profiles = list(
            profiles_selectors.erasable_profiles(today=today).filter(pk__in=locked).order_by("pk")
        )
        now = timezone.now()
        for profile in profiles:
            _clear_passport(profile)
            profile.passport_entered_at = None
            profile.wants_visa_letter = False
            profile.passport_erased_at = now
            profile._history_user = None
            profile._change_reason = ERASURE_REASON
            # No full_clean: an erasure the law requires is never held up by another field
            # that no longer validates; only the fields written here are saved.
            profile.save(update_fields=[*NO_PASSPORT, *ERASED_FIELDS])
        letters = visa_letters.delete_visa_letters(profile_ids=[p.pk for p in profiles])
    if profiles:
        logger.info(
            "Erased the passport details of %d delegate profile(s) and %d visa letter(s).",
            len(profiles),
            letters,
        )
    return len(profiles)

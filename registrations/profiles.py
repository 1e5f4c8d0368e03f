"""Writes of delegate profiles: the delegate's own edits and the erasure of passport details.

Passport details exist only for visa letters (DESIGN.md, personal data). They are kept while
the delegate has a live registration for a workshop that ends, or ended less than
``PASSPORT_RETENTION_DAYS`` ago, and erased after that by a daily task. They never enter the
audit history (DelegateProfile.history excludes them) and are never logged: the erasure logs
counts only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from registrations.errors import RegistrationError
from registrations.models import DelegateProfile, Registration

logger = logging.getLogger(__name__)

# Who the delegate speaks for: fixed while a registration is live, since the registration
# belongs to that state's delegation.
REPRESENTATION_FIELDS = ("participant_type", "member_state", "organisation")
# Every passport field with its empty value (a test checks it covers PASSPORT_FIELDS).
NO_PASSPORT = {
    "passport_number": "",
    "nationality": "",
    "date_of_birth": None,
    "passport_expiry": None,
}


def retention_days() -> int:
    return int(getattr(settings, "PASSPORT_RETENTION_DAYS", 30))


def live_registrations(profile: DelegateProfile):
    return profile.registrations.exclude(status__in=Registration.INACTIVE_STATUSES)


def representation_locked(profile: DelegateProfile) -> bool:
    """Whether the state or organisation can no longer change (a registration is live)."""
    if profile.pk is None:
        return False
    today = timezone.localdate()
    return live_registrations(profile).filter(workshop__end_date__gte=today).exists()


@transaction.atomic
def update_profile(*, profile: DelegateProfile, data: Mapping[str, Any], by) -> DelegateProfile:
    """The delegate (or staff) change the profile. Without a visa letter request the passport
    details are cleared; with one, the passport must outlive the delegate's next workshop."""
    if by.pk != profile.user_id and not (by.is_staff and by.is_active):
        raise RegistrationError(gettext("You cannot change another person's profile."))
    profile = DelegateProfile.objects.select_for_update().get(pk=profile.pk)
    changes = dict(data)
    if representation_locked(profile):
        for field in REPRESENTATION_FIELDS:
            if field in changes and _value(changes[field]) != _value(getattr(profile, field)):
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
    profile.full_clean()
    profile._history_user = by
    profile.save()
    return profile


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


def _value(value):
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
        live_registrations(profile)
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


def erasable_profiles(*, today: datetime.date | None = None):
    """Profiles holding passport details that no workshop needs any more: none of their live
    registrations is for a workshop ending after the retention cut-off, and the details were
    not entered after it either (details entered for a workshop not yet registered for are
    kept for the retention period). Editing anything else in the profile never postpones
    the erasure; `today` moves both cut-offs."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=retention_days())
    needed = Registration.objects.filter(
        delegate=OuterRef("pk"), workshop__end_date__gte=cutoff
    ).exclude(status__in=Registration.INACTIVE_STATUSES)
    has_details = Q(passport_number__gt="") | Q(date_of_birth__isnull=False)
    has_details |= Q(passport_expiry__isnull=False) | Q(nationality__gt="")
    entered_since = Q(passport_entered_at__gte=_start_of(cutoff))
    return (
        DelegateProfile.objects.filter(has_details).filter(~Exists(needed)).exclude(entered_since)
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def erase_expired_passport_details(*, today: datetime.date | None = None) -> int:
    """Erase passport details no workshop needs any more; return how many profiles."""
    with transaction.atomic():
        count = erasable_profiles(today=today).update(
            **NO_PASSPORT,
            passport_entered_at=None,
            wants_visa_letter=False,
            passport_erased_at=timezone.now(),
        )
    if count:
        logger.info("Erased the passport details of %d delegate profile(s).", count)
    return count

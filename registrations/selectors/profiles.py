"""Reads of delegate profiles: a user's profile, whom a delegate represents (in the reader's
language, for letters and lists), and the rules of passport details' retention
(registrations.services.profiles erases what erasable_profiles finds)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from workshops import names
from workshops.models import MemberState


def delegate_profile_of(user) -> DelegateProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return DelegateProfile.objects.select_related("user", "member_state").filter(user=user).first()


def state_name(state: MemberState | None, language: str) -> str:
    """The state's name in `language` (workshops.names, the one place for it)."""
    return names.state_name(state, language)


def represents(profile: DelegateProfile, language: str) -> str:
    """The state or organization a delegate speaks for, in `language`."""
    if profile.member_state_id:
        return state_name(profile.member_state, language)
    if profile.organisation:
        return profile.organisation
    if profile.participant_type == DelegateProfile.ParticipantType.IOM:
        with translation.override(language):
            return gettext("International Organization for Migration (IOM)")
    return ""


def retention_days() -> int:
    """Days passport details are kept after the delegate's last workshop."""
    return int(getattr(settings, "PASSPORT_RETENTION_DAYS", 30))


def live_registrations(profile: DelegateProfile):
    return profile.registrations.exclude(status__in=Registration.INACTIVE_STATUSES)


def representation_locked(profile: DelegateProfile) -> bool:
    """Whether the state or organisation can no longer change (a registration is live)."""
    if profile.pk is None:
        return False
    today = timezone.localdate()
    return live_registrations(profile).filter(workshop__end_date__gte=today).exists()


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
    entered_since = Q(passport_entered_at__gte=_start_of_day(cutoff))
    return (
        DelegateProfile.objects.filter(has_details).filter(~Exists(needed)).exclude(entered_since)
    )


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

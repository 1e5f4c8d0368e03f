"""Former home of the delegate profiles' writes and reads, now in registrations.profile_services
(writes) and registrations.selectors (reads). The names stay importable from here only for
registrations.tasks, which the one-queue work changes in parallel; new code imports the new
modules, and this module goes once tasks.py does.
"""

from registrations.errors import RegistrationError
from registrations.models.profiles import REPRESENTATION_FIELDS
from registrations.profile_services import (
    NO_PASSPORT,
    create_profile,
    erase_expired_passport_details,
    update_profile,
)
from registrations.selectors import (
    erasable_profiles,
    live_registrations,
    representation_locked,
    retention_days,
)

__all__ = [
    "NO_PASSPORT",
    "REPRESENTATION_FIELDS",
    "RegistrationError",
    "create_profile",
    "erasable_profiles",
    "erase_expired_passport_details",
    "live_registrations",
    "representation_locked",
    "retention_days",
    "update_profile",
]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from idm_portal.guards.protected_fields import protect


class RegistrationsConfig(AppConfig):
    name = "registrations"
    # Not "Registrations": the admin's breadcrumb read "Registrations › Registrations".
    verbose_name = _("Participants")

    def ready(self) -> None:
        # Deliberately lazy: Django imports this module while it loads the apps, before models
        # may be imported, and these two import models.
        from idm_portal import page_cache
        from registrations import donor_hooks, fairness_hooks, workshop_hooks
        from registrations.models.lifecycle import Registration
        from registrations.models.profiles import PASSPORT_FIELDS, PERSONAL_FIELDS, DelegateProfile
        from registrations.models.sponsorships import (
            Sponsorship,
            SponsorshipEligibilityOverride,
            SponsorshipSettings,
        )
        from registrations.participants_lists.models import ParticipantsList

        # The registration panel and the list of participants on the workshop's page and admin.
        workshop_hooks.register()
        # The fairness view's link on the workshop admin; sponsored delegates on donors' pages.
        fairness_hooks.register()
        donor_hooks.register()

        # Passport details: for visa letters only (DESIGN.md, personal data).
        protect(DelegateProfile, PASSPORT_FIELDS, permission="registrations.view_passport_details")
        # A delegate's account (e-mail), contact details and needs: for staff who may see
        # profiles, not for those who see registrations only (Finance: names, states, costs).
        protect(DelegateProfile, PERSONAL_FIELDS, permission="registrations.view_delegateprofile")
        # The workshop page, kept whole for anonymous visitors (idm_portal.page_cache), shows
        # the seats and sponsored seats left and the published list of participants.
        page_cache.watch(
            Registration,
            Sponsorship,
            SponsorshipSettings,
            SponsorshipEligibilityOverride,
            ParticipantsList,
        )

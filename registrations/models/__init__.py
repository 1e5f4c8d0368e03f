"""The models of registrations, one module per subject; import each from its module
(``from registrations.models.lifecycle import Registration``):

    profiles        DelegateProfile, and which of its fields are personal or passport details
    focal_points    FocalPoint
    delegations     Delegation: the unit of accreditation, with its note verbale and seat cap
    lifecycle       Registration, and TRANSITIONS, the table of its status changes
    invitations     DelegateInvitation: a focal point's registration on someone's behalf
    emails          RegistrationEmail: which e-mail a change owed (a link to the outbox row)
    sponsorships    SponsorshipSettings, Airfare, SponsorshipEligibilityOverride, Sponsorship

and, in its own package, registrations.participants_lists.models (ParticipantsList).

Every write goes through registrations.services; the models only hold fields, constraints and
the transition table of a registration's status.
"""

# Django's app registry imports this package: importing the subject modules registers their
# models with the app (label "registrations", as before the split).
from registrations.models import (  # noqa: F401
    delegations,
    emails,
    focal_points,
    invitations,
    lifecycle,
    profiles,
    sponsorships,
)
from registrations.participants_lists import models as participants_lists  # noqa: F401

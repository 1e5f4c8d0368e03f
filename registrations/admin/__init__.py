"""The Django admin of registrations, one module per subject:

    profiles        delegate profiles (passport details for staff holding the permission)
    focal_points    naming focal points (through registrations.services.focal_points)
    delegations     delegations: head, seat cap, the note verbale's verification
    lifecycle       registrations: staff's changes and bulk decisions through the services,
                    the export, and the per-workshop summary
    invitations     delegate invitations (read only)
    emails          which e-mail each change owed (read only: the outbox sends them)
    sponsorships    travel sponsorship: each workshop's figures, eligibility overrides, and
                    the requests, decided by actions through the services

Every admin action and save calls a service; the list of participants adds its own to the
workshop admin (registrations.workshop_hooks, registrations.participants_lists.admin).
"""

# admin.autodiscover() imports this package: importing the subject modules registers their
# ModelAdmins with the admin site.
from registrations.admin import (  # noqa: F401
    delegations,
    emails,
    focal_points,
    invitations,
    lifecycle,
    profiles,
    sponsorships,
)

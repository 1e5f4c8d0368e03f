"""Every write of registrations, one module per subject. Import the subject module and call its
functions (``from registrations.services import lifecycle``, then ``lifecycle.confirm(...)``):

    registering     a delegate registers (or staff, or a focal point, on their behalf)
    lifecycle       a registration's status changes, seats and the waitlist's offers
    delegations     the delegation: its head, its note verbale (upload, verification, waiver)
    focal_points    naming a focal point, and the check that a user is a state's focal point
    invitations     a focal point invites someone to register; the person accepts or declines
    profiles        delegate profiles, and the erasure of passport details
    sponsorships    travel sponsorship: request, decisions under the workshop's lock with the
                    funds committed through funding.services, the waitlist, ticket, settlement
    common          what the others share: saving, the workshop's lock, the e-mails a change owes

Keyword-only arguments; each function owns its transaction, calls full_clean() before saving,
and refuses with a RegistrationError (registrations.errors) that a view turns into a field
error or a message. The lists of participants have their own, in
registrations.participants_lists.services.
"""

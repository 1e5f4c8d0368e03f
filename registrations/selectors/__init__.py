"""Every read of registrations for pages, admin and reports, one module per subject. Import
the subject module (``from registrations.selectors import delegations``, then
``delegations.head_of(...)``):

    lifecycle       a delegate's own registrations, the waitlist, the staff's summary
    delegations     the head of a delegation (the one selector every output asks), the focal
                    point's board and overview
    focal_points    which state a user is focal point of
    invitations     the invitation a link opens, a state's pending invitations
    profiles        a delegate's profile, and the passport details' retention
    letters         what the confirmation letter shows
    visa_letters    whether a registration may have a visa letter (and why not), and
                    whether IOM covers the delegate's travel
    sponsorships    travel sponsorship: eligibility (every reason why not), the cost
                    estimate, seats left, a delegate's own requests, the workshop page's block

Related rows are joined, so that a page's query count stays flat however many registrations
there are. Scoping is part of each selector: a delegate's reads take the user, a focal point's
take the focal point's state; a row outside that scope is simply not found (a 404 for the
view). The lists of participants have their own, in registrations.participants_lists.selectors.
"""

"""The pages of registrations, one module per subject; registrations.urls names each view
from its module:

    lifecycle       the delegate's own: "My registrations", registering, cancelling, taking a
                    seat offered from the waitlist, the calendar file
    profiles        the delegate's profile, with the passport details a visa letter needs
    delegations     the focal point's: its state's delegations, the board (endorse, withdraw,
                    head of delegation) and the note verbale; staff's note verbale download
    invitations     the focal point registers someone on their behalf (an invitation), and
                    the invited person's page to accept or decline it
    letters         the delegate's confirmation letter
    visa_letters    the delegate's visa invitation letter (files served by the pipeline)
    sponsorships    the delegate's travel sponsorship: asking (eligibility and estimate
                    first), following and cancelling it
    common          what the others share: the workshop a page is about, why registration is
                    closed, double-submit tokens

Views are thin: reads through registrations.selectors, writes through registrations.services,
and a refusal comes back as a field error or a message, with status 400. The public list of
participants has its own, in registrations.participants_lists.views.
"""

"""URLs of registrations, by subject (the names are those templates and e-mails link to)."""

from django.urls import path

from registrations.participants_lists import urls as participants_lists_urls
from registrations.views import (
    delegations,
    fairness,
    invitations,
    letters,
    lifecycle,
    profiles,
    sponsorships,
    visa_letters,
)

app_name = "registrations"

urlpatterns = [
    # The delegate's own pages.
    path("my-registrations/", lifecycle.my_registrations, name="my_registrations"),
    path("my-profile/", profiles.profile, name="profile"),
    path("workshops/<slug:slug>/register/", lifecycle.register, name="register"),
    path("my-registrations/<int:pk>/cancel/", lifecycle.cancel, name="cancel"),
    path("my-registrations/<int:pk>/accept-seat/", lifecycle.accept_offer, name="accept_offer"),
    path("my-registrations/<int:pk>/calendar.ics", lifecycle.calendar, name="calendar"),
    path(
        "my-registrations/<int:pk>/sponsorship/",
        sponsorships.request_sponsorship,
        name="request_sponsorship",
    ),
    path("my-sponsorships/<int:pk>/", sponsorships.sponsorship, name="sponsorship"),
    path(
        "my-sponsorships/<int:pk>/cancel/",
        sponsorships.cancel_sponsorship,
        name="cancel_sponsorship",
    ),
    # The invited person's answer.
    path("invitations/<slug:token>/", invitations.invitation, name="invitation"),
    path(
        "invitations/<slug:token>/decline/",
        invitations.decline_invitation,
        name="decline_invitation",
    ),
    # The focal point's delegation boards.
    path("my-delegation/", delegations.index, name="delegation_index"),
    path("my-delegation/<slug:slug>/", delegations.board, name="delegation_board"),
    path(
        "my-delegation/<slug:slug>/register/",
        invitations.register_on_behalf,
        name="delegation_register",
    ),
    path(
        "my-delegation/<slug:slug>/invitations/<int:pk>/withdraw/",
        invitations.withdraw_invitation,
        name="delegation_withdraw_invitation",
    ),
    path(
        "my-delegation/<slug:slug>/note-verbale/",
        delegations.note_verbale,
        name="delegation_note_verbale",
    ),
    path(
        "my-delegation/<slug:slug>/note-verbale.pdf",
        delegations.note_verbale_file,
        name="delegation_note_verbale_file",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/endorse/",
        delegations.endorse,
        name="delegation_endorse",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/withdraw/",
        delegations.withdraw,
        name="delegation_withdraw",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/head/",
        delegations.set_head,
        name="delegation_set_head",
    ),
    path(
        "delegations/<int:pk>/note-verbale.pdf",
        delegations.staff_note_verbale_file,
        name="staff_note_verbale_file",
    ),
    # The delegate's registration documents.
    path(
        "my-registrations/<int:pk>/confirmation-letter/",
        letters.confirmation_letter,
        name="confirmation_letter",
    ),
    path(
        "my-registrations/<int:pk>/confirmation-letter/<str:language>/status/",
        letters.confirmation_letter_status,
        name="confirmation_letter_status",
    ),
    path(
        "my-registrations/<int:pk>/confirmation-letter/<str:language>/download/",
        letters.confirmation_letter_download,
        name="confirmation_letter_download",
    ),
    path("my-registrations/<int:pk>/visa-letter/", visa_letters.visa_letter, name="visa_letter"),
    path(
        "my-registrations/<int:pk>/visa-letter/<str:language>/status/",
        visa_letters.visa_letter_status,
        name="visa_letter_status",
    ),
    # Staff's fairness view of travel sponsorship (an admin page).
    path(
        "staff/sponsorship-fairness/",
        fairness.fairness_index,
        name="sponsorship_fairness_index",
    ),
    path(
        "staff/sponsorship-fairness/<int:workshop_id>/",
        fairness.workshop_fairness,
        name="sponsorship_fairness",
    ),
]
urlpatterns += participants_lists_urls.urlpatterns

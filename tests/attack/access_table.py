"""The access sweep's table: every URL pattern that takes an object id (or any other value)
→ how to make its URL from the world (tests/attack/world.py) → who may have it.

A pattern the table does not know fails test_every_pattern_taking_a_value_is_in_the_table:
whoever adds one says here who may see its objects. The admin's patterns made for every
ModelAdmin (change, history, delete, …) are read from ADMIN_MODELS, one row per model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.attack.world import (
    DELEGATE,
    DONOR,
    EVERYONE,
    FINANCE,
    FOCAL_POINT,
    INVITEE,
    OTHER_DONOR,
    OTHER_FOCAL_POINT,
    SECRETARIAT,
    World,
)

SUPERUSER = "superuser"  # only in the admin's sweep: proves a page nobody else may see works
SEC_FIN = frozenset({SECRETARIAT, FINANCE})
SEC = frozenset({SECRETARIAT})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    ok: frozenset[int] = frozenset({200})
    # An admin page: whoever is not staff is sent to the login, as Django's admin does.
    staff_page: bool = False
    # A page with a form: whoever may not see it also POSTs a plausible form, is refused the
    # same way, and changes nothing (test_access_sweep.snapshot).
    post_by_others: bool = False


def named(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def _file(kind: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        row = w.files[kind]
        return reverse("generated_file", args=[row.pk, row.file.name.rsplit("/", 1)[-1]])

    return url


REG = lambda w: w.registration.pk  # noqa: E731
SLUG = lambda w: w.workshop.slug  # noqa: E731
SURVEY = lambda w: w.survey.pk  # noqa: E731
YEAR = lambda w: w.programme.year  # noqa: E731
REDIRECTED = frozenset({302})

# Generated files at /files/<id>/<name>: one case per registered kind (a new kind fails
# test_every_kind_of_generated_file_is_in_the_table).
FILE_KINDS: dict[str, frozenset[str]] = {
    "document_pdf": EVERYONE,  # a public document of a published programme
    "confirmation_letter": frozenset({DELEGATE, SECRETARIAT}),
    # Passport details: the delegate and staff holding view_passport_details (none here).
    "visa_letter": frozenset({DELEGATE}),
    "participants_pdf": SEC,
    "participants_staff_pdf": SEC,
    "participants_xlsx": SEC,
    "participants_staff_xlsx": SEC,
    "survey_results_pdf": SEC,
    "survey_answers_csv": SEC,
    "survey_answers_xlsx": SEC,
    "funding_report_programme": SEC_FIN,
    "funding_report_donor": frozenset({DONOR, SECRETARIAT, FINANCE}),
}

ADMIN_APP_INDEX = (
    r"admin/^(?P<app_label>auth|idm_portal|workshops|funding|registrations|surveys|account|mfa)/$"
)

TABLE: dict[str, tuple[Case, ...]] = {
    "files/<int:pk>/<str:filename>": tuple(
        Case(f"generated file: {kind}", _file(kind), allowed)
        for kind, allowed in FILE_KINDS.items()
    ),
    # --- public pages: published content is everyone's --------------------------------------
    "en/programme/<int:year>/": (
        Case("published programme", named("workshops:programme", YEAR), EVERYONE),
    ),
    "en/workshops/<slug:slug>/": (
        Case("published workshop", named("workshops:detail", SLUG), EVERYONE),
    ),
    "en/documents/<symbol:symbol>/<doclang:language>/": (
        Case(
            "public document",
            named("workshops:document", lambda w: w.public_document.symbol, lambda w: "en"),
            EVERYONE,
        ),
        Case(
            "staff-only document",
            named("workshops:document", lambda w: w.internal_document.symbol, lambda w: "en"),
            SEC_FIN,
        ),
    ),
    "en/documents/<symbol:symbol>/<doclang:language>/pdf-status/": (
        Case(
            "staff-only document's PDF state",
            named(
                "workshops:document_pdf_status",
                lambda w: w.internal_document.symbol,
                lambda w: "en",
            ),
            SEC_FIN,
        ),
    ),
    "en/funding/<int:year>/": (
        Case("public funding summary", named("funding:summary", YEAR), EVERYONE),
    ),
    # The list of participants is public once staff publish it; before, nobody gets it here.
    "en/workshops/<slug:slug>/participants/<str:fmt>/": (
        Case(
            "unpublished list of participants",
            named("registrations:participants_list", SLUG, lambda w: "pdf"),
            NOBODY,
        ),
    ),
    "en/workshops/<slug:slug>/participants/<str:fmt>/status/": (
        Case(
            "unpublished list's state",
            named("registrations:participants_list_status", SLUG, lambda w: "pdf"),
            NOBODY,
        ),
    ),
    # --- the donor's pages ---------------------------------------------------------------------
    "en/donor/pledges/<int:pk>/": (
        Case(
            "a donor's pledge", named("funding:pledge", lambda w: w.pledge.pk), frozenset({DONOR})
        ),
    ),
    # Every donor's own view of the programme's incoming money (others' names as the public
    # sees them): each contact has it, nobody else.
    "en/donor/transactions/<int:year>.csv": (
        Case(
            "IATI transactions (CSV)",
            named("funding:transactions_csv", YEAR),
            frozenset({DONOR, OTHER_DONOR}),
        ),
    ),
    "en/donor/transactions/<int:year>.json": (
        Case(
            "IATI transactions (JSON)",
            named("funding:transactions_json", YEAR),
            frozenset({DONOR, OTHER_DONOR}),
        ),
    ),
    "en/funding/overview/<int:year>/": (
        Case("Finance's overview", named("funding:overview_year", YEAR), SEC_FIN, staff_page=True),
    ),
    # --- the delegate's registration -----------------------------------------------------------
    "en/workshops/<slug:slug>/register/": (
        # Open to every signed-in person (a delegate, a donor's contact who also attends …).
        Case(
            "registration form",
            named("registrations:register", SLUG),
            EVERYONE - {"anonymous"},
            ok=frozenset({200, 302}),
        ),
    ),
    "en/my-registrations/<int:pk>/cancel/": (
        Case(
            "cancel (form)",
            named("registrations:cancel", REG),
            frozenset({DELEGATE}),
            post_by_others=True,
        ),
    ),
    "en/my-registrations/<int:pk>/accept-seat/": (
        Case(
            "accept an offered seat",
            named("registrations:accept_offer", REG),
            frozenset({DELEGATE}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    "en/my-registrations/<int:pk>/calendar.ics": (
        Case("calendar file", named("registrations:calendar", REG), frozenset({DELEGATE})),
    ),
    "en/my-registrations/<int:pk>/sponsorship/": (
        Case(
            "sponsorship request",
            named("registrations:request_sponsorship", REG),
            frozenset({DELEGATE}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-sponsorships/<int:pk>/": (
        Case(
            "sponsorship page",
            named("registrations:sponsorship", lambda w: w.sponsorship.pk),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-sponsorships/<int:pk>/cancel/": (
        Case(
            "cancel a sponsorship request",
            named("registrations:cancel_sponsorship", lambda w: w.sponsorship.pk),
            frozenset({DELEGATE}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/": (
        Case(
            "confirmation letter page",
            named("registrations:confirmation_letter", REG),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/<str:language>/status/": (
        Case(
            "confirmation letter state",
            named("registrations:confirmation_letter_status", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/<str:language>/download/": (
        Case(
            "confirmation letter download",
            named("registrations:confirmation_letter_download", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/visa-letter/": (
        Case("visa letter page", named("registrations:visa_letter", REG), frozenset({DELEGATE})),
    ),
    "en/my-registrations/<int:pk>/visa-letter/<str:language>/status/": (
        Case(
            "visa letter state",
            named("registrations:visa_letter_status", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    # --- the invited person ----------------------------------------------------------------------
    "en/invitations/<slug:token>/": (
        Case(
            "invitation",
            named("registrations:invitation", lambda w: w.invitation_token),
            frozenset({INVITEE}),
            post_by_others=True,
        ),
    ),
    "en/invitations/<slug:token>/decline/": (
        Case(
            "decline an invitation",
            named("registrations:decline_invitation", lambda w: w.invitation_token),
            frozenset({INVITEE}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    # --- the focal point's delegation --------------------------------------------------------
    # The board of a workshop is the asking focal point's own state's: each focal point has
    # one, and sees only its own state on it (test_one_state_per_page.py).
    "en/my-delegation/<slug:slug>/": (
        Case(
            "delegation board",
            named("registrations:delegation_board", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
        ),
    ),
    "en/my-delegation/<slug:slug>/register/": (
        Case(
            "register on behalf",
            named("registrations:delegation_register", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/note-verbale/": (
        Case(
            "note verbale form",
            named("registrations:delegation_note_verbale", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/note-verbale.pdf": (
        # Each focal point gets its own state's note: state B has none uploaded.
        Case(
            "note verbale file",
            named("registrations:delegation_note_verbale_file", SLUG),
            frozenset({FOCAL_POINT}),
        ),
    ),
    "en/my-delegation/<slug:slug>/invitations/<int:pk>/withdraw/": (
        Case(
            "withdraw an invitation",
            named(
                "registrations:delegation_withdraw_invitation",
                SLUG,
                lambda w: w.invitation.pk,
            ),
            frozenset({FOCAL_POINT}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    "en/my-delegation/<slug:slug>/registrations/<int:pk>/endorse/": (
        Case(
            "endorse (form)",
            named("registrations:delegation_endorse", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/registrations/<int:pk>/withdraw/": (
        Case(
            "withdraw (form)",
            named("registrations:delegation_withdraw", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/registrations/<int:pk>/head/": (
        Case(
            "name the head (form)",
            named("registrations:delegation_set_head", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/delegations/<int:pk>/note-verbale.pdf": (
        Case(
            "note verbale for staff",
            named("registrations:staff_note_verbale_file", lambda w: w.delegation.pk),
            SEC,
        ),
    ),
    "en/staff/sponsorship-fairness/<int:workshop_id>/": (
        Case(
            "fairness of a workshop",
            named("registrations:sponsorship_fairness", lambda w: w.workshop.pk),
            SEC_FIN,
            staff_page=True,
        ),
    ),
    # --- surveys --------------------------------------------------------------------------------
    # A membership survey: each state's focal point answers for its state.
    "en/my-surveys/<int:pk>/": (
        Case(
            "answering page",
            named("surveys:answer", SURVEY),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-surveys/<int:pk>/responses/<str:response_id>/": (
        Case(
            "a state's response",
            named("surveys:response", SURVEY, lambda w: w.response.pk),
            frozenset({FOCAL_POINT}),
        ),
    ),
    # Only for anonymous surveys: nobody has it for this one.
    "en/my-surveys/<int:pk>/thanks/": (
        Case("thanks page", named("surveys:thanks", SURVEY), NOBODY),
    ),
}

# Patterns that take a value but no object of a role: each with the reason.
NOT_AN_OBJECT = {
    "admin/(?P<url>.*)$": "the admin's catch-all: a 404, or the login for whoever is not staff",
    "en/accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "allauth: the key is the secret",
    "en/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "allauth: the key is the secret"
    ),
}

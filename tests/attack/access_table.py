"""The access sweep's table: every URL pattern that takes an object id (or any other value)
→ how to make its URL from the world (tests/attack/world.py) → who may have it.

A pattern the table does not know fails test_every_pattern_taking_a_value_is_in_the_table:
whoever adds one says here who may see its objects. The admin's patterns made for every
ModelAdmin (change, history, delete, …) are read from ADMIN_MODELS, one row per model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from funding.models.budgets import Budget
from funding.models.commitments import Commitment
from registrations.models.emails import RegistrationEmail
from registrations.models.focal_points import FocalPoint
from registrations.models.sponsorships import (
    SponsorshipEligibilityOverride,
    SponsorshipSettings,
)
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


def _r(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
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
        Case("published programme", _r("workshops:programme", YEAR), EVERYONE),
    ),
    "en/workshops/<slug:slug>/": (
        Case("published workshop", _r("workshops:detail", SLUG), EVERYONE),
    ),
    "en/documents/<symbol:symbol>/<doclang:language>/": (
        Case(
            "public document",
            _r("workshops:document", lambda w: w.public_document.symbol, lambda w: "en"),
            EVERYONE,
        ),
        Case(
            "staff-only document",
            _r("workshops:document", lambda w: w.internal_document.symbol, lambda w: "en"),
            SEC_FIN,
        ),
    ),
    "en/documents/<symbol:symbol>/<doclang:language>/pdf-status/": (
        Case(
            "staff-only document's PDF state",
            _r(
                "workshops:document_pdf_status",
                lambda w: w.internal_document.symbol,
                lambda w: "en",
            ),
            SEC_FIN,
        ),
    ),
    "en/funding/<int:year>/": (
        Case("public funding summary", _r("funding:summary", YEAR), EVERYONE),
    ),
    # The list of participants is public once staff publish it; before, nobody gets it here.
    "en/workshops/<slug:slug>/participants/<str:fmt>/": (
        Case(
            "unpublished list of participants",
            _r("registrations:participants_list", SLUG, lambda w: "pdf"),
            NOBODY,
        ),
    ),
    "en/workshops/<slug:slug>/participants/<str:fmt>/status/": (
        Case(
            "unpublished list's state",
            _r("registrations:participants_list_status", SLUG, lambda w: "pdf"),
            NOBODY,
        ),
    ),
    # --- the donor's pages ---------------------------------------------------------------------
    "en/donor/pledges/<int:pk>/": (
        Case("a donor's pledge", _r("funding:pledge", lambda w: w.pledge.pk), frozenset({DONOR})),
    ),
    # Every donor's own view of the programme's incoming money (others' names as the public
    # sees them): each contact has it, nobody else.
    "en/donor/transactions/<int:year>.csv": (
        Case(
            "IATI transactions (CSV)",
            _r("funding:transactions_csv", YEAR),
            frozenset({DONOR, OTHER_DONOR}),
        ),
    ),
    "en/donor/transactions/<int:year>.json": (
        Case(
            "IATI transactions (JSON)",
            _r("funding:transactions_json", YEAR),
            frozenset({DONOR, OTHER_DONOR}),
        ),
    ),
    "en/funding/overview/<int:year>/": (
        Case("Finance's overview", _r("funding:overview_year", YEAR), SEC_FIN, staff_page=True),
    ),
    # --- the delegate's registration -----------------------------------------------------------
    "en/workshops/<slug:slug>/register/": (
        # Open to every signed-in person (a delegate, a donor's contact who also attends …).
        Case(
            "registration form",
            _r("registrations:register", SLUG),
            EVERYONE - {"anonymous"},
            ok=frozenset({200, 302}),
        ),
    ),
    "en/my-registrations/<int:pk>/cancel/": (
        Case(
            "cancel (form)",
            _r("registrations:cancel", REG),
            frozenset({DELEGATE}),
            post_by_others=True,
        ),
    ),
    "en/my-registrations/<int:pk>/accept-seat/": (
        Case(
            "accept an offered seat",
            _r("registrations:accept_offer", REG),
            frozenset({DELEGATE}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    "en/my-registrations/<int:pk>/calendar.ics": (
        Case("calendar file", _r("registrations:calendar", REG), frozenset({DELEGATE})),
    ),
    "en/my-registrations/<int:pk>/sponsorship/": (
        Case(
            "sponsorship request",
            _r("registrations:request_sponsorship", REG),
            frozenset({DELEGATE}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-sponsorships/<int:pk>/": (
        Case(
            "sponsorship page",
            _r("registrations:sponsorship", lambda w: w.sponsorship.pk),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-sponsorships/<int:pk>/cancel/": (
        Case(
            "cancel a sponsorship request",
            _r("registrations:cancel_sponsorship", lambda w: w.sponsorship.pk),
            frozenset({DELEGATE}),
            method="post",
            ok=REDIRECTED,
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/": (
        Case(
            "confirmation letter page",
            _r("registrations:confirmation_letter", REG),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/<str:language>/status/": (
        Case(
            "confirmation letter state",
            _r("registrations:confirmation_letter_status", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/confirmation-letter/<str:language>/download/": (
        Case(
            "confirmation letter download",
            _r("registrations:confirmation_letter_download", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    "en/my-registrations/<int:pk>/visa-letter/": (
        Case("visa letter page", _r("registrations:visa_letter", REG), frozenset({DELEGATE})),
    ),
    "en/my-registrations/<int:pk>/visa-letter/<str:language>/status/": (
        Case(
            "visa letter state",
            _r("registrations:visa_letter_status", REG, lambda w: "en"),
            frozenset({DELEGATE}),
        ),
    ),
    # --- the invited person ----------------------------------------------------------------------
    "en/invitations/<slug:token>/": (
        Case(
            "invitation",
            _r("registrations:invitation", lambda w: w.invitation_token),
            frozenset({INVITEE}),
            post_by_others=True,
        ),
    ),
    "en/invitations/<slug:token>/decline/": (
        Case(
            "decline an invitation",
            _r("registrations:decline_invitation", lambda w: w.invitation_token),
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
            _r("registrations:delegation_board", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
        ),
    ),
    "en/my-delegation/<slug:slug>/register/": (
        Case(
            "register on behalf",
            _r("registrations:delegation_register", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/note-verbale/": (
        Case(
            "note verbale form",
            _r("registrations:delegation_note_verbale", SLUG),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/note-verbale.pdf": (
        # Each focal point gets its own state's note: state B has none uploaded.
        Case(
            "note verbale file",
            _r("registrations:delegation_note_verbale_file", SLUG),
            frozenset({FOCAL_POINT}),
        ),
    ),
    "en/my-delegation/<slug:slug>/invitations/<int:pk>/withdraw/": (
        Case(
            "withdraw an invitation",
            _r(
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
            _r("registrations:delegation_endorse", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/registrations/<int:pk>/withdraw/": (
        Case(
            "withdraw (form)",
            _r("registrations:delegation_withdraw", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/my-delegation/<slug:slug>/registrations/<int:pk>/head/": (
        Case(
            "name the head (form)",
            _r("registrations:delegation_set_head", SLUG, REG),
            frozenset({FOCAL_POINT}),
            ok=frozenset({200, 302}),
            post_by_others=True,
        ),
    ),
    "en/delegations/<int:pk>/note-verbale.pdf": (
        Case(
            "note verbale for staff",
            _r("registrations:staff_note_verbale_file", lambda w: w.delegation.pk),
            SEC,
        ),
    ),
    "en/staff/sponsorship-fairness/<int:workshop_id>/": (
        Case(
            "fairness of a workshop",
            _r("registrations:sponsorship_fairness", lambda w: w.workshop.pk),
            SEC_FIN,
            staff_page=True,
        ),
    ),
    # --- surveys --------------------------------------------------------------------------------
    # A membership survey: each state's focal point answers for its state.
    "en/my-surveys/<int:pk>/": (
        Case(
            "answering page",
            _r("surveys:answer", SURVEY),
            frozenset({FOCAL_POINT, OTHER_FOCAL_POINT}),
            post_by_others=True,
        ),
    ),
    "en/my-surveys/<int:pk>/responses/<str:response_id>/": (
        Case(
            "a state's response",
            _r("surveys:response", SURVEY, lambda w: w.response.pk),
            frozenset({FOCAL_POINT}),
        ),
    ),
    # Only for anonymous surveys: nobody has it for this one.
    "en/my-surveys/<int:pk>/thanks/": (Case("thanks page", _r("surveys:thanks", SURVEY), NOBODY),),
    # --- the admin's own pages ----------------------------------------------------------------
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        Case(
            "view on site",
            lambda w: reverse(
                "admin:view_on_site",
                args=[ContentType.objects.get_for_model(w.workshop).pk, w.workshop.pk],
            ),
            SEC_FIN | {SUPERUSER},
            ok=REDIRECTED,
            staff_page=True,
        ),
    ),
    "admin/idm_portal/user/<id>/password/": (
        Case(
            "set a user's password",
            _r("admin:auth_user_password_change", lambda w: w.users[DELEGATE].pk),
            frozenset({SUPERUSER}),
            staff_page=True,
        ),
    ),
    "admin/registrations/registration/summary/<int:workshop_id>/": (
        Case(
            "registrations summary",
            _r("admin:registrations_registration_summary", lambda w: w.workshop.pk),
            SEC_FIN | {SUPERUSER},
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/": (
        Case(
            "survey results",
            _r("admin:surveys_survey_results", SURVEY),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/<str:what>.<str:file_format>": (
        Case(
            "survey answers export",
            _r("admin:surveys_survey_export", SURVEY, lambda w: "answers", lambda w: "csv"),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/report/": (
        Case(
            "survey report request",
            _r("admin:surveys_survey_report", SURVEY),
            SEC | {SUPERUSER},
            method="post",
            ok=REDIRECTED,
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/questions/<int:question_pk>/theme/": (
        Case(
            "apply a theme",
            _r("admin:surveys_survey_apply_theme", SURVEY, lambda w: w.ranking_question.pk),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
    ),
    # --- taking a value that is no object of anyone's --------------------------------------
    # The admin's app index and its catch-all (a 404 or the login for everyone).
    ADMIN_APP_INDEX: (
        Case(
            "admin app index",
            _r("admin:app_list", lambda w: "registrations"),
            SEC_FIN | {SUPERUSER},
            staff_page=True,
        ),
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

# The admin's pages of every model: model → its object, who may view it, who may delete it
# (roles.py: Finance sees money and registrations, never people's files).
SEC_FIN_SU = SEC_FIN | {SUPERUSER}
SEC_SU = SEC | {SUPERUSER}
SU = frozenset({SUPERUSER})


@dataclass(frozen=True)
class AdminModel:
    obj: Callable[[World], object]
    view: frozenset[str]
    delete: frozenset[str]


def _authenticator(w: World) -> Authenticator:
    return Authenticator.objects.create(
        user=w.users[SECRETARIAT], type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def _commitment(w: World) -> Commitment:
    return Commitment.objects.create(
        workshop=w.workshop, category="participant_travel", amount="10.00", reference="test"
    )


def _registration_email(w: World) -> RegistrationEmail:
    return RegistrationEmail.objects.create(registration=w.registration, kind="confirmed")


def _override(w: World) -> SponsorshipEligibilityOverride:
    return SponsorshipEligibilityOverride.objects.create(
        workshop=w.workshop, member_state=w.state, eligible=True, reason="Test"
    )


ADMIN_MODELS: dict[str, AdminModel] = {
    "account.EmailAddress": AdminModel(
        lambda w: EmailAddress.objects.get(user=w.users[DELEGATE]), SU, SU
    ),
    "auth.Group": AdminModel(lambda w: Group.objects.get(name="Finance"), SU, SU),
    "mfa.Authenticator": AdminModel(_authenticator, SU, SU),
    "idm_portal.User": AdminModel(lambda w: w.users[DELEGATE], SEC_SU, SU),
    "idm_portal.GeneratedFile": AdminModel(lambda w: w.files["visa_letter"], SEC_SU, SU),
    # Money is cancelled or released, never deleted.
    "funding.Budget": AdminModel(lambda w: Budget.objects.get(workshop=w.workshop), SEC_FIN_SU, SU),
    "funding.Commitment": AdminModel(_commitment, SEC_FIN_SU, NOBODY),
    "funding.Donor": AdminModel(lambda w: w.donor, SEC_FIN_SU, SU),
    "funding.Pledge": AdminModel(lambda w: w.pledge, SEC_FIN_SU, NOBODY),
    "registrations.DelegateInvitation": AdminModel(lambda w: w.invitation, SEC_SU, SEC_SU),
    "registrations.DelegateProfile": AdminModel(lambda w: w.profile, SEC_SU, SEC_SU),
    "registrations.Delegation": AdminModel(lambda w: w.delegation, SEC_SU, SEC_SU),
    "registrations.FocalPoint": AdminModel(
        lambda w: FocalPoint.objects.get(user=w.users[FOCAL_POINT]), SEC_SU, SEC_SU
    ),
    "registrations.Registration": AdminModel(lambda w: w.registration, SEC_FIN_SU, SEC_SU),
    "registrations.RegistrationEmail": AdminModel(_registration_email, SEC_SU, SEC_SU),
    # A request is declined or cancelled, never deleted (its money and audit stay).
    "registrations.Sponsorship": AdminModel(lambda w: w.sponsorship, SEC_FIN_SU, NOBODY),
    "registrations.SponsorshipEligibilityOverride": AdminModel(_override, SEC_SU, SEC_SU),
    "registrations.SponsorshipSettings": AdminModel(
        lambda w: SponsorshipSettings.objects.get(workshop=w.workshop), SEC_FIN_SU, SEC_SU
    ),
    "surveys.Survey": AdminModel(lambda w: w.survey, SEC_SU, SEC_SU),
    "surveys.Question": AdminModel(lambda w: w.question, SEC_SU, SEC_SU),
    "workshops.Document": AdminModel(lambda w: w.public_document, SEC_FIN_SU, SEC_SU),
    "workshops.MemberState": AdminModel(lambda w: w.state, SEC_FIN_SU, SEC_SU),
    "workshops.Programme": AdminModel(lambda w: w.programme, SEC_FIN_SU, SEC_SU),
    "workshops.Workshop": AdminModel(lambda w: w.workshop, SEC_FIN_SU, SEC_SU),
}

# The admin's patterns made for each model (django.contrib.admin, simple_history): what each
# asks for.
ADMIN_MODEL_PATTERNS = {
    "<path:object_id>/change/": "view",
    "<path:object_id>/history/": "view",
    "^([^/]+)/history/([^/]+)/$": "view",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/": "redirect",
}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")

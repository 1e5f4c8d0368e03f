"""The access sweep's table of the admin's pages made for every ModelAdmin (change, history,
delete, …): model → its object, who may view it, who may delete it. A model registered in
the admin that is not here fails test_every_model_of_the_admin_is_in_the_table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from funding.models.budgets import Budget, BudgetLine
from funding.models.commitments import Commitment
from registrations.models.emails import RegistrationEmail
from registrations.models.focal_points import FocalPoint
from registrations.models.sponsorships import (
    SponsorshipEligibilityOverride,
    SponsorshipSettings,
)
from tests.attack.access_table import (
    ADMIN_APP_INDEX,
    NOBODY,
    REDIRECTED,
    SEC,
    SEC_FIN,
    SUPERUSER,
    SURVEY,
    Case,
    named,
)
from tests.attack.world import DELEGATE, FOCAL_POINT, SECRETARIAT, World
from tests.funding.factories import committable

# The admin's own pages that take a value (Django's and the apps' custom ones); the apps'
# pages outside /admin/ behind admin_view are in access_table.TABLE.
ADMIN_PAGES: dict[str, tuple[Case, ...]] = {
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
            named("admin:auth_user_password_change", lambda w: w.users[DELEGATE].pk),
            frozenset({SUPERUSER}),
            staff_page=True,
        ),
    ),
    "admin/registrations/registration/summary/<int:workshop_id>/": (
        Case(
            "registrations summary",
            named("admin:registrations_registration_summary", lambda w: w.workshop.pk),
            SEC_FIN | {SUPERUSER},
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/": (
        Case(
            "survey results",
            named("admin:surveys_survey_results", SURVEY),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/<str:what>.<str:file_format>": (
        Case(
            "survey results export",
            named("admin:surveys_survey_export", SURVEY, lambda w: "results", lambda w: "csv"),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
        # The raw answers are made through the file pipeline: the old link leads to the page.
        Case(
            "survey answers' old link",
            named("admin:surveys_survey_export", SURVEY, lambda w: "answers", lambda w: "csv"),
            SEC | {SUPERUSER},
            ok=REDIRECTED,
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/answers/<str:file_format>/": (
        Case(
            "survey answers file request",
            named("admin:surveys_survey_answers", SURVEY, lambda w: "xlsx"),
            SEC | {SUPERUSER},
            method="post",
            ok=REDIRECTED,
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/report/": (
        Case(
            "survey report request",
            named("admin:surveys_survey_report", SURVEY),
            SEC | {SUPERUSER},
            method="post",
            ok=REDIRECTED,
            staff_page=True,
        ),
    ),
    "admin/surveys/survey/<int:pk>/results/questions/<int:question_pk>/theme/": (
        Case(
            "apply a theme",
            named("admin:surveys_survey_apply_theme", SURVEY, lambda w: w.ranking_question.pk),
            SEC | {SUPERUSER},
            staff_page=True,
        ),
    ),
    # --- taking a value that is no object of anyone's --------------------------------------
    # The admin's app index and its catch-all (a 404 or the login for everyone).
    ADMIN_APP_INDEX: (
        Case(
            "admin app index",
            named("admin:app_list", lambda w: "registrations"),
            SEC_FIN | {SUPERUSER},
            staff_page=True,
        ),
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
        user=w.users[SECRETARIAT],
        type=Authenticator.Type.TOTP,
        # Stored as allauth stores it through the portal's adapter: encrypted.
        data={"secret": get_adapter().encrypt("JBSWY3DPEHPK3PXP")},
    )


def _commitment(w: World) -> Commitment:
    # Room for it where the database keeps the limits (PostgreSQL): the line and the funds.
    workshop_budget, _ = Budget.objects.get_or_create(workshop=w.workshop)
    BudgetLine.objects.get_or_create(
        budget=workshop_budget, category="participant_travel", defaults={"amount": "1000.00"}
    )
    committable(w.workshop)
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

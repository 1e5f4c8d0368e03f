"""Every public, delegate, focal-point and donor page, and the admin pages staff use daily, in a
real browser at 1280 px and 390 px: no serious or critical axe-core violation, and on the phone
no page scrolls sideways. The journeys (test_*_journey.py) check the pages they pass through
the same way; this sweep reaches the pages no journey shows, over one small programme with
something on every page (scenario.py). One browser context per person, its login reused
for all of that person's pages."""

from __future__ import annotations

import pytest

from tests.e2e import scenario
from tests.e2e.conftest import mail_link, path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case():
    return scenario.build()


def visit(journey, pages: list[tuple[str, str]]) -> None:
    for name, target in pages:
        response = journey.goto(target)
        assert response is not None and response.status < 400 or name == "not found", (
            f"{name} ({target}) answered {response.status if response else None}"
        )
        journey.step(name)


def test_public_pages(journeys, case):
    w, doc = case.workshop, case.document
    invitation = mail_link(case.invitation_email, r"/en/invitations/[\w-]+/")
    visitor = journeys(who="visitor")
    visit(
        visitor,
        [
            ("home", path("home")),
            ("programme", path("workshops:programme_current")),
            ("programme of the year", path("workshops:programme", case.programme.year)),
            ("workshop", path("workshops:detail", w.slug)),
            ("other workshop", path("workshops:detail", case.other_workshop.slug)),
            ("document", path("workshops:document", doc.symbol, doc.language)),
            ("funding summary", path("funding:summary_current")),
            ("sign in", path("account_login")),
            ("create an account", path("account_signup")),
            ("forgotten password", path("account_reset_password")),
            ("invitation", invitation),
            ("not found", "/en/workshops/no-such-workshop/"),
            ("accueil", path("home", language="fr")),
            ("atelier", path("workshops:detail", w.slug, language="fr")),
            ("programa", path("workshops:programme_current", language="es")),
        ],
    )
    visitor.finish()


def test_delegate_pages(journeys, case):
    r, w = case.registration, case.workshop
    me = journeys(who="delegate")
    me.sign_in_as(case.delegate.user)
    visit(
        me,
        [
            ("my registrations", path("registrations:my_registrations")),
            ("my profile", path("registrations:profile")),
            (
                "register for another workshop",
                path("registrations:register", case.other_workshop.slug),
            ),
            ("workshop, registered", path("workshops:detail", w.slug)),
            ("cancel", path("registrations:cancel", r.pk)),
            ("my sponsorship", path("registrations:sponsorship", case.sponsorship.pk)),
            ("confirmation letter", path("registrations:confirmation_letter", r.pk)),
            ("visa letter", path("registrations:visa_letter", r.pk)),
            ("my surveys", path("surveys:my_surveys")),
            ("my account: e-mail", path("account_email")),
            ("my account: password", path("account_change_password")),
            ("mes inscriptions", path("registrations:my_registrations", language="fr")),
            ("mi perfil", path("registrations:profile", language="es")),
        ],
    )
    # An approved request's state is said once on the card ("Approved. The secretariat...").
    me.goto(path("registrations:my_registrations"))
    card = me.page.locator("main article").inner_text()
    assert "Approved. The secretariat will send you your ticket." in card
    assert "Approved. Approved." not in card
    me.finish()


def test_focal_point_pages(journeys, case):
    w = case.workshop
    me = journeys(who="focal-point")
    me.sign_in_as(case.focal_point)
    visit(
        me,
        [
            ("my delegation", path("registrations:delegation_index")),
            ("delegation board", path("registrations:delegation_board", w.slug)),
            ("register a delegate", path("registrations:delegation_register", w.slug)),
            ("note verbale", path("registrations:delegation_note_verbale", w.slug)),
            (
                "withdraw a delegate",
                path("registrations:delegation_withdraw", w.slug, case.waiting.pk),
            ),
            ("my surveys", path("surveys:my_surveys")),
            ("the membership survey", path("surveys:answer", case.survey.pk)),
            (
                "tableau de la délégation",
                path("registrations:delegation_board", w.slug, language="fr"),
            ),
        ],
    )
    me.finish()


def test_donor_pages(journeys, case):
    me = journeys(who="donor")
    me.sign_in_as(case.donor_contact)
    visit(
        me,
        [
            ("donor dashboard", path("funding:dashboard")),
            ("a pledge", path("funding:pledge", case.pledge.pk)),
            ("funding summary", path("funding:summary_current")),
            ("tableau de bord", path("funding:dashboard", language="fr")),
        ],
    )
    me.finish()


def admin(model: str, pk: int | None = None, suffix: str = "") -> str:
    if pk is None:
        return f"/admin/{model}/{suffix}"
    return f"/admin/{model}/{pk}/change/"


def test_admin_pages_staff_use_daily(journeys, case):
    from funding.models.budgets import Budget

    r, w = case.registration, case.workshop
    me = journeys(who="staff")
    me.sign_in_as(case.staff)
    budget = Budget.objects.get(workshop=w)
    visit(
        me,
        [
            ("admin index", "/admin/"),
            ("registrations", admin("registrations/registration")),
            ("a registration", admin("registrations/registration", r.pk)),
            ("registrations summary", admin("registrations/registration", suffix="summary/")),
            (
                "a workshop's registrations",
                admin("registrations/registration", suffix=f"summary/{w.pk}/"),
            ),
            ("delegations", admin("registrations/delegation")),
            ("a delegation", admin("registrations/delegation", r.delegation_id)),
            ("delegate profiles", admin("registrations/delegateprofile")),
            ("a delegate profile", admin("registrations/delegateprofile", case.delegate.pk)),
            ("sponsorships", admin("registrations/sponsorship")),
            ("a sponsorship", admin("registrations/sponsorship", case.sponsorship.pk)),
            ("sponsorship fairness", path("registrations:sponsorship_fairness_index")),
            ("a workshop's fairness", path("registrations:sponsorship_fairness", w.pk)),
            ("workshops", admin("workshops/workshop")),
            ("a workshop", admin("workshops/workshop", w.pk)),
            ("add a workshop", admin("workshops/workshop", suffix="add/")),
            ("programmes", admin("workshops/programme")),
            ("a programme", admin("workshops/programme", case.programme.pk)),
            ("missing translations", admin("workshops/programme", suffix="missing-translations/")),
            ("documents", admin("workshops/document")),
            ("a document", admin("workshops/document", case.document.pk)),
            ("member states", admin("workshops/memberstate")),
            ("donors", admin("funding/donor")),
            ("a donor", admin("funding/donor", case.donor.pk)),
            ("pledges", admin("funding/pledge")),
            ("a pledge", admin("funding/pledge", case.pledge.pk)),
            ("budgets", admin("funding/budget")),
            ("a budget", admin("funding/budget", budget.pk)),
            ("funding overview", path("funding:overview")),
            ("surveys", admin("surveys/survey")),
            ("a survey", admin("surveys/survey", case.survey.pk)),
            ("survey results", admin("surveys/survey", suffix=f"{case.survey.pk}/results/")),
        ],
    )
    me.finish()

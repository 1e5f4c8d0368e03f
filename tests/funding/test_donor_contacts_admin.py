"""Finance links a donor's contacts by the e-mail addresses of their accounts: the list of
every account (delegates' names and addresses) stays closed to Finance, a wrong or unknown
address is refused at its field with everything else kept, and the linked person then signs
in to the donor's dashboard."""

import pytest
from django.urls import reverse

from funding.models.donors import Donor
from tests.funding.factories import DonorFactory
from tests.idm_portal.factories import DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/funding/donor/add/"


def donor_form(**changes) -> dict:
    form = {
        "name": "Fondation Rives",
        "name_en": "Fondation Rives",
        "kind": Donor.Kind.FOUNDATION,
        "member_state": "",
        "public_name_en": "",
        "public_name_fr": "",
        "public_name_es": "",
        "contact_emails": "",
        "private_notes": "",
    }
    form.update(changes)
    return form


def test_finance_still_cannot_read_the_list_of_accounts(finance):
    assert finance.get("/admin/idm_portal/user/").status_code == 403
    autocomplete = finance.get(
        "/admin/autocomplete/",
        {"app_label": "funding", "model_name": "donor", "field_name": "contacts", "term": "a"},
    )
    assert autocomplete.status_code in (403, 404)


def test_finance_links_a_contact_who_then_lands_on_the_donor_s_dashboard(finance, client):
    contact = UserFactory(email="Ana.Lopez@Rives.example", verified=True)
    response = finance.post(ADD, donor_form(contact_emails="ana.lopez@rives.example"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    donor = Donor.objects.get(name="Fondation Rives")
    assert list(donor.contacts.all()) == [contact]

    client.force_login(contact)
    dashboard = client.get(reverse("funding:dashboard"))
    assert dashboard.status_code == 200
    assert "Fondation Rives" in dashboard.content.decode()


def test_several_addresses_pasted_on_one_line_are_all_linked(finance):
    first, second = UserFactory(), UserFactory()
    response = finance.post(ADD, donor_form(contact_emails=f"{first.email}; {second.email},"))
    assert response.status_code == 302
    assert set(Donor.objects.get().contacts.all()) == {first, second}


def test_an_unknown_address_is_refused_at_the_field_and_nothing_typed_is_lost(finance):
    known = UserFactory()
    typed = f"{known.email}\nnobody@rives.example"
    response = finance.post(ADD, donor_form(contact_emails=typed, private_notes="Met in May."))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "nobody@rives.example" in str(form.errors["contact_emails"])
    assert known.email not in str(form.errors["contact_emails"])
    page = response.content.decode()
    assert "Fondation Rives" in page and "Met in May." in page and "nobody@rives.example" in page
    assert not Donor.objects.exists()


def test_text_that_is_no_address_is_refused_at_the_field(finance):
    response = finance.post(ADD, donor_form(contact_emails='=HYPERLINK("x")'))
    assert response.status_code == 200
    assert "Not an e-mail address" in str(response.context["adminform"].form.errors)
    assert not Donor.objects.exists()


def test_an_inactive_account_is_not_linked(finance):
    gone = UserFactory(is_active=False)
    response = finance.post(ADD, donor_form(contact_emails=gone.email))
    assert response.status_code == 200
    assert not Donor.objects.exists()


def test_the_change_form_shows_the_contacts_and_removing_a_line_unlinks_it(finance):
    donor = DonorFactory(name="Fondation Rives")
    kept, dropped = DelegateFactory(), UserFactory()
    donor.contacts.add(kept, dropped)
    url = f"/admin/funding/donor/{donor.pk}/change/"
    form = finance.get(url).context["adminform"].form
    assert set(form.initial["contact_emails"].split("\n")) == {kept.email, dropped.email}

    response = finance.post(url, donor_form(contact_emails=kept.email))
    assert response.status_code == 302
    assert list(donor.contacts.all()) == [kept]


def test_a_malformed_and_an_unknown_address_are_both_said_at_once(finance):
    response = finance.post(ADD, donor_form(contact_emails="not-an-address\nnobody@rives.example"))
    errors = str(response.context["adminform"].form.errors["contact_emails"])
    assert "not-an-address" in errors and "nobody@rives.example" in errors

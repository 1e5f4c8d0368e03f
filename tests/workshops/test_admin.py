"""The programme admin: the Secretariat runs it, Finance reads it, delegates are kept out."""

import pytest

from tests.idm_portal.factories import DelegateFactory, FinanceStaffFactory, SecretariatStaffFactory
from tests.workshops.factories import AgendaItemFactory, MemberStateFactory, WorkshopFactory
from workshops.models import MemberState, Workshop

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/workshops/programme/",
    "/admin/workshops/programme/add/",
    "/admin/workshops/workshop/",
    "/admin/workshops/workshop/add/",
    "/admin/workshops/memberstate/",
    "/admin/workshops/memberstate/add/",
]


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title="Managing Return Migration")
    AgendaItemFactory.create_batch(3, workshop=workshop)
    return workshop


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatStaffFactory())
    return client


@pytest.fixture
def finance(client):
    client.force_login(FinanceStaffFactory())
    return client


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_secretariat_staff_can_open_the_programme_admin(secretariat, workshop, url):
    response = secretariat.get(url)
    assert response.status_code == 200


def test_workshop_admin_edits_the_agenda_inline(secretariat, workshop):
    response = secretariat.get(f"/admin/workshops/workshop/{workshop.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="agenda_items-TOTAL_FORMS" value="3"' in html
    assert "Agenda items" in html
    assert (
        secretariat.get("/admin/workshops/workshop/add/")
        .content.decode()
        .count("agenda_items-TOTAL_FORMS")
    )


def test_secretariat_can_change_a_workshop_through_the_admin(secretariat, workshop):
    item = workshop.agenda_items.first()
    data = {
        "programme": workshop.programme.pk,
        "title_en": "Managing Return Migration",
        "title_fr": "Gérer les migrations de retour",
        "slug": workshop.slug,
        "description_en": "",
        "start_date": "2008-04-21",
        "end_date": "2008-04-22",
        "venue_en": "Geneva",
        "capacity": "120",
        "sponsored_seats": "10",
        "registration_status": "closed",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "1",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "agenda_items-0-id": item.pk,
        "agenda_items-0-workshop": workshop.pk,
        "agenda_items-0-day": "2008-04-21",
        "agenda_items-0-start_time": "10:00",
        "agenda_items-0-end_time": "",
        "agenda_items-0-title_en": "Opening remarks",
        "agenda_items-0-title_es": "Palabras de apertura",
        "agenda_items-0-speakers_en": "",
        "agenda_items-0-moderator_en": "",
    }
    response = secretariat.post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    workshop.refresh_from_db()
    item.refresh_from_db()
    assert workshop.capacity == 120
    assert workshop.registration_status == Workshop.RegistrationStatus.CLOSED
    assert item.title == "Opening remarks"
    assert (workshop.title_en, workshop.title_fr) == (
        "Managing Return Migration",
        "Gérer les migrations de retour",
    )
    assert (item.title_es, item.title_fr) == ("Palabras de apertura", None)


def test_admin_search_and_filters_find_member_states(secretariat):
    response = secretariat.get("/admin/workshops/memberstate/", {"q": "Bangladesh"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("name", flat=True)) == ["Bangladesh"]
    response = secretariat.get(
        "/admin/workshops/memberstate/", {"status__exact": "observer", "region__exact": "asia"}
    )
    states = response.context["cl"].result_list
    assert states and all(s.status == "observer" and s.region == "asia" for s in states)
    assert (
        "Least developed country"
        in secretariat.get("/admin/workshops/memberstate/", {"q": "Bangladesh"}).content.decode()
    )


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_delegate_is_sent_to_the_admin_login(client, url):
    client.force_login(DelegateFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/workshops/workshop/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_finance_staff_can_view_but_not_change_workshops(finance, workshop):
    assert finance.get("/admin/workshops/workshop/").status_code == 200
    change_url = f"/admin/workshops/workshop/{workshop.pk}/change/"
    response = finance.get(change_url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert finance.get("/admin/workshops/workshop/add/").status_code == 403
    response = finance.post(change_url, {"title": "Renamed by Finance"})
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.title == "Managing Return Migration"
    assert finance.get("/admin/workshops/memberstate/add/").status_code == 403


def test_member_state_admin_shows_readable_names(secretariat):
    state = MemberStateFactory(name="Republic of Testland", country="QM")
    response = secretariat.get(f"/admin/workshops/memberstate/{state.pk}/change/")
    html = response.content.decode()
    for label in ("Admission year", "DAC category", "Sponsorship eligibility override"):
        assert label in html
    assert MemberState.objects.get(pk=state.pk).name == "Republic of Testland"


def test_workshop_admin_links_to_its_registration_summary(secretariat, workshop):
    html = secretariat.get(f"/admin/workshops/workshop/{workshop.pk}/change/").content.decode()
    summary_url = f"/admin/registrations/registration/summary/{workshop.pk}/"
    assert f'href="{summary_url}"' in html
    assert secretariat.get(summary_url).status_code == 200


def test_staff_see_which_languages_a_workshop_still_lacks(secretariat):
    workshop = WorkshopFactory(title_en="Health", title_fr="Santé", description_en="About.")
    WorkshopFactory(
        title_en="Labour",
        title_fr="Travail",
        title_es="Trabajo",
        venue_fr="Genève",
        venue_address_fr="Route 17",
        description_fr="Le travail.",
    )
    change = secretariat.get(f"/admin/workshops/workshop/{workshop.pk}/change/").content.decode()
    for language in ("en", "fr", "es"):
        assert f'name="title_{language}"' in change
        assert f'name="description_{language}"' in change
    assert '<div class="readonly">fr, es</div>' in change

    changelist = secretariat.get("/admin/workshops/workshop/").context["cl"]
    missing = {
        w.title_en: changelist.model_admin.missing_translations(w) for w in changelist.result_list
    }
    assert missing["Health"] == "fr, es"
    assert missing["Labour"] == "es"

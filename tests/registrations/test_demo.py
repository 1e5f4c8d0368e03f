from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from workshops.models import Workshop


def test_demo_has_registrations_across_many_states_and_a_waitlist(db, capsys):
    call_command("load_demo")
    registrations = Registration.objects.filter(workshop__programme__year=2009)
    states = registrations.values("delegate__member_state").distinct().count()
    assert states >= 20
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() >= 20
    assert registrations.filter(status=Registration.Status.WAITLISTED).exists()
    assert registrations.filter(status=Registration.Status.SUBMITTED).exists()
    # Every 2009 workshop has people on its list, and the demo delegate has a registration.
    assert registrations.values("workshop").distinct().count() == 2
    assert registrations.filter(delegate__user__email="delegate@example.org").exists()
    # Loading the demo sends no e-mail to the made-up delegates.
    assert mail.outbox == []


def test_the_demo_focal_point_has_work_on_kenyas_board(db, client):
    call_command("load_demo")
    kenya = Registration.objects.filter(
        delegation__member_state__country="KE", workshop__programme__year=2009
    )
    statuses = set(kenya.values_list("status", flat=True))
    assert {"confirmed", "submitted", "endorsed"} <= statuses
    assert kenya.filter(role=Registration.Role.HEAD_OF_DELEGATION).exists()

    client.login(email="focalpoint@example.org", password="idm-demo-2009")
    workshop = kenya.first().workshop
    board = client.get(reverse("registrations:delegation_board", args=[workshop.slug]))
    page = board.content.decode()
    assert board.status_code == 200
    assert "KAMAU" in page and "OTIENO" in page
    # The delegate the focal point registered accepted its invitation, and is endorsed.
    invited = kenya.get(delegate__user__email="delegate.ke.interior@example.org")
    assert invited.status == "endorsed"
    assert invited.registered_by.email == "focalpoint@example.org"
    assert DelegateInvitation.objects.get(registration=invited).accepted_at is not None
    # The 2009 workshops are over: the board shows where each registration stood and offers
    # no action the services would refuse (issue 10, "Contradictions").
    assert ">Endorse<" not in page.replace("\n", "").replace("  ", "")
    assert "The workshop has started" in page


def test_the_demo_first_workshop_links_its_published_list_of_participants(db, client):
    call_command("load_demo")
    first, second = Workshop.objects.filter(programme__year=2009).order_by("start_date")

    page = client.get(first.get_absolute_url()).content.decode()
    assert reverse("registrations:participants_list", args=[first.slug, "pdf"]) in page
    assert first.participants_list.changed_by.email == "secretariat@example.org"
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'id="participants-list"' not in page


def test_demo_has_sponsorships_in_various_states_with_funds_committed(db):
    from django.core.management import call_command

    from funding.models.commitments import Commitment
    from registrations.models.sponsorships import Sponsorship

    call_command("load_demo", verbosity=0)
    statuses = set(Sponsorship.objects.values_list("status", flat=True))
    assert {"ticket_issued", "requested", "waitlisted", "declined"} <= statuses
    ticketed = Sponsorship.objects.get(status="ticket_issued")
    assert ticketed.commitment.amount == ticketed.estimated_cost
    count = Sponsorship.objects.count()
    call_command("load_demo", verbosity=0)
    assert Sponsorship.objects.count() == count
    assert Commitment.objects.filter(released_at__isnull=True).count() == 1

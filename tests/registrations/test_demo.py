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


def test_the_demo_has_a_second_state_and_a_second_donor_to_sign_in_as(db, client, capsys):
    call_command("load_demo")
    call_command("load_demo")  # again: still one registration for Mexico, one focal point
    printed = capsys.readouterr().out
    for email in ("delegate2@example.org", "focalpoint2@example.org", "donor2@example.org"):
        assert email in printed
    mexico = Registration.objects.filter(delegation__member_state__country="MX")
    assert mexico.count() == 1
    kenyan = Registration.objects.get(delegate__user__email="delegate@example.org")
    first = kenyan.workshop
    # Loading the demo sends no e-mail to the second state either.
    assert mail.outbox == []

    # Mexico's delegate (e-mails in Spanish) sees their own registration and none of Kenya's.
    assert client.login(email="delegate2@example.org", password="idm-demo-2009")
    mine = client.get(reverse("registrations:my_registrations")).content.decode()
    assert reverse("registrations:calendar", args=[mexico.get().pk]) in mine
    assert reverse("registrations:calendar", args=[kenyan.pk]) not in mine
    assert mexico.get().delegate.user.preferred_language == "es"
    for name in ("confirmation_letter", "calendar", "cancel"):
        assert client.get(reverse(f"registrations:{name}", args=[kenyan.pk])).status_code == 404
    board = client.get(reverse("registrations:delegation_board", args=[first.slug]))
    assert board.status_code == 404

    # Mexico's focal point has Mexico's board, with their delegate, and nothing of Kenya's.
    assert client.login(email="focalpoint2@example.org", password="idm-demo-2009")
    board = client.get(reverse("registrations:delegation_board", args=[first.slug]))
    page = board.content.decode()
    assert board.status_code == 200
    assert "DELEGADO" in page
    assert "KAMAU" not in page and "OTIENO" not in page and "DELEGATE" not in page

    # The second donor's dashboard is Norway's, never the United States' private figures.
    assert client.login(email="donor2@example.org", password="idm-demo-2009")
    dashboard = client.get(reverse("funding:dashboard")).content.decode()
    assert "Norway" in dashboard
    assert "United States" not in dashboard


def test_the_demos_registrations_are_dated_in_2009(db, client):
    """A focal point's board and a confirmation letter showed a 2009 seat taken today."""
    call_command("load_demo")
    registrations = Registration.objects.filter(workshop__programme__year=2009)
    assert {r.created_at.year for r in registrations} == {2009}
    confirmed = registrations.exclude(confirmed_at=None)
    assert confirmed.exists()
    assert {r.confirmed_at.year for r in confirmed} == {2009}

    call_command("load_demo")  # again: nothing moves
    assert {r.created_at.year for r in registrations.all()} == {2009}

    client.login(email="focalpoint2@example.org", password="idm-demo-2009")
    mexico = Registration.objects.get(delegate__user__email="delegate2@example.org")
    board = client.get(reverse("registrations:delegation_board", args=[mexico.workshop.slug]))
    assert "02/03/2009" in board.content.decode()

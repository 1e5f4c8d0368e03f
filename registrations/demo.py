"""Demo registrations for the two IDM 2009 workshops, made through the services so that
they obey the same rules as real ones (delegations, note verbale waivers, capacity, state
caps). Loaded once: a second run finds the demo delegates and changes nothing. Mexico's
delegate and focal point (the second state's demo logins) are added to a demo loaded before
they existed."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress

from idm_portal import demo as portal_demo
from idm_portal import page_cache
from idm_portal.models import User
from idm_portal.queue import outbox
from registrations import sponsorship_demo
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.participants_lists import services as participants_lists
from registrations.services import delegations, focal_points, invitations, lifecycle, registering
from workshops import dates
from workshops.models import MemberState, Programme

DEMO_STATES = 30
# Each given name with the gender it goes with here, so that a title agrees with its person:
# "Ms Amina DIALLO", never "Mr Fatima" (the letters greet by title, the lists print it).
GIVEN = [
    ("Amina", "female"),
    ("Carlos", "male"),
    ("Mei", "female"),
    ("Olga", "female"),
    ("Kwame", "male"),
    ("Sofia", "female"),
    ("Ravi", "male"),
    ("Fatima", "female"),
    ("Jean", "male"),
    ("Lucia", "female"),
]
FAMILY = ["Diallo", "García", "Chen", "Petrova", "Mensah", "Rossi", "Sharma", "Haddad", "Dupont"]
# Titles that fit each gender, taken in turn; Dr and H.E. say nothing of it, so a delegate who
# prefers not to give a gender (every seventh) has one of those.
TITLES = {
    "female": ["ms", "dr", "ms", "mrs", "he"],
    "male": ["mr", "dr", "mr", "he"],
    "undisclosed": ["dr", "he"],
}
# The demo logins' own delegates.
DEMO_GENDERS = {"Dina": "female", "Wanjiru": "female", "Diego": "male"}


def demo_gender(index: int, given: str) -> str:
    if index % 7 == 6:
        return "undisclosed"
    return DEMO_GENDERS.get(given) or dict(GIVEN)[given]


def demo_title(gender: str, index: int) -> str:
    titles = TITLES[gender]
    return titles[index % len(titles)]


def _user(email: str, first: str, last: str, language: str = "en") -> User:
    user = User.objects.create_user(
        email=email, password=None, first_name=first, last_name=last, preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _profile(user: User, state: MemberState, index: int) -> DelegateProfile:
    gender = demo_gender(index, user.first_name)
    return DelegateProfile.objects.create(
        user=user,
        title=demo_title(gender, index),
        family_name=user.last_name,
        given_names=user.first_name,
        gender=gender,
        participant_type=DelegateProfile.ParticipantType.MEMBER_STATE,
        member_state=state,
        position="Director of Migration Policy" if index % 2 else "Counsellor",
        institution="Ministry of Foreign Affairs" if index % 2 else "Permanent Mission",
        based_in="capital" if index % 2 else "mission",
        consent_to_public_listing=index % 5 != 0,
    )


# The registrations are made as they were in 2009, before the first workshop's deadline:
# since then registration has closed (and the workshops are over), and the services refuse.
REGISTERED_AS_OF = date(2009, 3, 2)


# When the demo's registrations say they were made and confirmed (Geneva time).
REGISTERED_AT = datetime(2009, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
CONFIRMED_AT = datetime(2009, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def load() -> bool:
    """Create the demo registrations; return False when they were there already."""
    with dates.as_of(REGISTERED_AS_OF):
        loaded = _load()
        _second_state()
    _dated_back()
    return loaded


def _dated_back() -> None:
    """The services ran as on 2 March 2009 (dates.as_of) but stamped the registrations with
    the clock's time: the focal points' boards, the admin and the confirmation letters would
    say a 2009 seat was taken today. Only stamps after 2009 are moved, so loading again moves
    nothing."""
    demo = Registration.objects.filter(workshop__programme__year=2009)
    after_2009 = datetime(2010, 1, 1, tzinfo=UTC)
    moved = demo.filter(created_at__gte=after_2009).update(created_at=REGISTERED_AT)
    moved += demo.filter(confirmed_at__gte=after_2009).update(confirmed_at=CONFIRMED_AT)
    if moved:
        page_cache.bump()  # update() sends no signal


SECOND_STATE = "MX"


def _second_state() -> None:
    """Mexico, with its delegate (delegate2@) registered for the first workshop and its focal
    point (focalpoint2@): the other state a tester signs in as, to see that Kenya's
    registrations, letters and board are not theirs, nor theirs Kenya's."""
    delegate = User.objects.filter(email="delegate2@example.org").first()
    focal_point = User.objects.filter(email="focalpoint2@example.org").first()
    if delegate is None or focal_point is None:
        return
    if DelegateProfile.objects.filter(user=delegate).exists():
        return
    staff = User.objects.get(email="secretariat@example.org")
    mexico = MemberState.objects.get(country=SECOND_STATE)
    first = Programme.objects.get(year=2009).workshops.order_by("start_date").first()
    focal_points.name_focal_point(user=focal_point, member_state=mexico, by=staff)
    profile = _profile(delegate, mexico, 1)
    registration = registering.register(delegate=profile, workshop=first, role="head")
    lifecycle.endorse(registration=registration, by=focal_point)
    delegations.waive_note_verbale(delegation=registration.delegation, by=staff)
    lifecycle.confirm(registration=registration, by=staff)
    outbox.cancel(
        email_ids=RegistrationEmail.objects.filter(registration=registration).values_list(
            "outbound_email_id", flat=True
        )
    )


def _load() -> bool:
    if (
        User.objects.filter(email__startswith="delegate.")
        .filter(email__endswith="@example.org")
        .exists()
    ):
        return False
    staff = User.objects.get(email="secretariat@example.org")
    workshops = list(Programme.objects.get(year=2009).workshops.order_by("start_date"))
    states = list(MemberState.objects.filter(status="member").order_by("name")[:DEMO_STATES])

    kenya = MemberState.objects.get(country="KE")
    focal_points.name_focal_point(
        user=User.objects.get(email="focalpoint@example.org"), member_state=kenya, by=staff
    )
    demo_delegate = User.objects.get(email="delegate@example.org")
    profile = _profile(demo_delegate, kenya, 2)
    first = registering.register(delegate=profile, workshop=workshops[0], role="head")

    for index, state in enumerate(states):
        user = _user(
            f"delegate.{state.country.code.lower()}@example.org",
            GIVEN[index % len(GIVEN)][0],
            FAMILY[index % len(FAMILY)],
            language=("en", "fr", "es")[index % 3],
        )
        delegate = _profile(user, state, index)
        for number, workshop in enumerate(workshops):
            if (index + number) % 3 == 2:
                continue  # not every state comes to both workshops
            registration = registering.register(
                delegate=delegate, workshop=workshop, role="head" if index % 4 == 0 else "delegate"
            )
            if index % 6 == 5:
                continue  # left as submitted: the delegation has no note verbale yet
            delegations.waive_note_verbale(delegation=registration.delegation, by=staff)
            lifecycle.confirm(registration=registration, by=staff)

    delegations.waive_note_verbale(delegation=first.delegation, by=staff)
    lifecycle.confirm(registration=first, by=staff)

    # Kenya's board has work for its focal point: an adviser who registered herself (awaiting
    # endorsement) and a delegate the focal point registered (endorsed, awaiting IOM).
    adviser = _profile(_user("delegate.ke.adviser@example.org", "Wanjiru", "Kamau"), kenya, 3)
    registering.register(delegate=adviser, workshop=workshops[0], role="adviser")
    # On-behalf registration is an invitation the delegate accepts in their own account.
    invitation = invitations.invite_delegate(
        by=User.objects.get(email="focalpoint@example.org"),
        email="delegate.ke.interior@example.org",
        workshop=workshops[0],
        role="delegate",
        profile={
            "title": "mr",
            "family_name": "Otieno",
            "given_names": "Brian",
            "gender": "male",
            "position": "Principal Immigration Officer",
            "institution": "Ministry of Interior and National Administration",
            "consent_to_public_listing": True,  # as he told the focal point
        },
    )
    invitations.accept_invitation(
        invitation=invitation, user=User.objects.get(email="delegate.ke.interior@example.org")
    )

    # A few delegations of the second workshop go on the waitlist, so staff and delegates
    # see one (staff give priority when a seat frees up).
    for registration in Registration.objects.filter(
        workshop=workshops[1], status=Registration.Status.SUBMITTED
    )[:3]:
        delegations.waive_note_verbale(delegation=registration.delegation, by=staff)
        lifecycle.waitlist(registration=registration, by=staff)

    # The first workshop's list of participants is public, so that its page links it. Its
    # files are made when first downloaded (or by the admin's "Generate"), not here: rendering
    # twelve files would slow `make run` down for nothing.
    participants_lists.set_participants_lists_published(
        workshops=[workshops[0]], is_published=True, by=staff
    )

    # Travel sponsorship requests in various states, their money committed through funding.
    sponsorship_demo.load(workshops, staff)

    # Demo e-mails are not sent: cancel them before the commit that would enqueue them.
    outbox.cancel(email_ids=RegistrationEmail.objects.values_list("outbound_email_id", flat=True))
    return True


portal_demo.register_loader(load)

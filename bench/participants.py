"""Benchmark of the list of participants (issue 3 asks for a 2,000-row list in about a second).

    .venv/bin/python bench/participants.py [--participants 2000] [--repeat 5] [--one-line]

It migrates a throwaway SQLite database in a temporary folder (deleted at the end; the
caller's DATABASE_URL is ignored), creates one workshop and --participants confirmed
registrations that consent to public listing (member states' delegations across ~120 states,
observer states, international organizations, NGOs and IOM, each delegation and organization
with a head of delegation), plus one in forty more who did not consent (in the staff
versions only). Positions and institutions vary in length, so that most people take one or
two lines; with --one-line everyone is "Counsellor, Ministry of the Interior" (one line each,
as in the tests' data). Then, in a warm process, the median of --repeat runs of:
  public PDF       the portal's whole path: the query, grouping, template, WeasyPrint in the
                   forked renderer child (registrations.renderers.participants_lists);
  query + HTML     the part of it before WeasyPrint (participants_html);
  WeasyPrint floor WeasyPrint alone writing the same HTML (CSS inlined), in this process;
  bare, same text  WeasyPrint writing each person's text (name, mark, position, institution)
                   as a plain <p>, the same font and page, no headings, no other CSS: the
                   least that much text costs;
  bare, one line   one one-line <p> per name (the name alone): the least any layout of that
                   many blocks costs;
  staff PDF        the staff version through the portal's path (two lines per person);
  XLSX             the public spreadsheet (participants_xlsx, openpyxl).
"vs floor" = time / WeasyPrint floor. Peak memory is the maximum resident set size
(resource.getrusage) of this process and of the largest rendering child. The machine's
other work shows in the figures: run it two or three times.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not __package__:
    # Run as a script: this folder (bench/registrations.py) must not shadow the portal's app.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))

TEMP = Path(tempfile.mkdtemp(prefix="idm-bench-participants-"))
# Before django.setup(): the settings read DATABASE_URL when they are imported.
os.environ["DATABASE_URL"] = f"sqlite:///{TEMP / 'bench.sqlite3'}"
os.environ["DJANGO_MEDIA_ROOT"] = str(TEMP / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench._measure import (  # noqa: E402
    bare_paragraphs_html,
    inline_pdf_css,
    pdf_pages,
    print_peak_memory,
    timed,
)
from idm_portal.models import User  # noqa: E402
from registrations.models.delegations import Delegation  # noqa: E402
from registrations.models.lifecycle import Registration  # noqa: E402
from registrations.models.profiles import DelegateProfile  # noqa: E402
from registrations.participants_lists import selectors as participants_lists_selectors  # noqa: E402
from registrations.renderers import participants_lists as participants_lists_renderers  # noqa: E402
from workshops.models import MemberState, Programme, Workshop  # noqa: E402

Type = DelegateProfile.ParticipantType
Role = Registration.Role
# Given names and titles by gender, so that the printed list never says "Mr Fatou".
GIVEN = {
    DelegateProfile.Gender.FEMALE: (
        "Amina Maria Olga Fatou Ingrid Yuki Ana Lucía Chiara Aisha Sofía Nadia Thandiwe "
        "Zainab Grace Élodie Mariam Kateřina"
    ).split(),
    DelegateProfile.Gender.MALE: (
        "Peter José Wei Ahmed Jean-Pierre Carlos Kwame Hassan Dmitri Tomás Rahul Mehmet "
        "Björn Hiroshi Luis François Emeka Sipho Andrés Farid"
    ).split(),
}
TITLE_SHARES = {
    DelegateProfile.Gender.FEMALE: (("ms", 8), ("mrs", 2), ("dr", 3), ("he", 1)),
    DelegateProfile.Gender.MALE: (("mr", 9), ("dr", 3), ("he", 1)),
}
FAMILY = (
    "Diallo Otieno Abara Becker Farouk García Nguyen Kowalski Haddad Mensah Rossi Silva "
    "Okafor Müller Dubois Ivanova Tanaka Hernández Kamau Nyambura Petrović Johansson Ahmadi "
    "Mbeki Castillo Sato Osei Lindqvist Benali Rahman Fernández Novak Chowdhury Adeyemi "
    "Moreau Jiménez Çelik Ó Súilleabháin Papadopoulos Vargas Wójcik Zulu Ionescu Traoré"
).split()
POSITIONS = (
    "Counsellor",
    "Director, Department of Consular Affairs",
    "First Secretary, Permanent Mission to the United Nations Office at Geneva",
    "Minister Plenipotentiary",
    "Head of the Migration Policy Unit",
    "Senior Adviser on Labour Migration and Diaspora Engagement",
    "Attaché",
    "Deputy Director-General for Immigration and Border Management",
)
INSTITUTIONS = (
    "Ministry of Foreign Affairs",
    "Ministry of the Interior",
    "Ministry of Labour, Employment and Social Protection",
    "Permanent Mission",
    "National Office for Refugees and Displaced Persons",
    "Ministry of Overseas Nationals and Diaspora Affairs",
)
ORGANIZATIONS = (
    "International Labour Organization",
    "Office of the United Nations High Commissioner for Refugees",
    "Office of the United Nations High Commissioner for Human Rights",
    "United Nations Development Programme",
    "World Bank",
    "European Commission",
    "African Union Commission",
    "League of Arab States",
    "Organization of American States",
    "International Centre for Migration Policy Development",
    "United Nations Children's Fund",
    "World Health Organization",
    "United Nations Office on Drugs and Crime",
    "International Committee of the Red Cross",
    "Council of Europe",
    "Economic Community of West African States",
    "Intergovernmental Authority on Development",
    "Organisation for Economic Co-operation and Development",
    "United Nations Population Fund",
    "World Food Programme",
)
NGOS = (
    "Caritas Internationalis",
    "International Catholic Migration Commission",
    "Migrant Forum in Asia",
    "Amnesty International",
    "Human Rights Watch",
    "Jesuit Refugee Service",
    "Scalabrini International Migration Network",
    "December 18",
    "International Federation of Red Cross and Red Crescent Societies",
    "Global Migration Policy Associates",
    "Women's Refugee Commission",
    "Save the Children",
    "Danish Refugee Council",
    "Norwegian Refugee Council",
    "Platform for International Cooperation on Undocumented Migrants",
)
MEMBER_STATES = 120


def create_data(participants: int, *, one_line: bool = False) -> Workshop:
    """One workshop and its confirmed registrations, in bulk (no services, no history)."""
    call_command("migrate", verbosity=0)
    programme, _ = Programme.objects.get_or_create(year=2009, defaults={"theme": "Bench"})
    workshop = Workshop.objects.create(
        programme=programme,
        title="Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
        slug="bench-participants",
        start_date=date(2009, 3, 25),
        end_date=date(2009, 3, 26),
        venue="Geneva",
        capacity=participants * 2,
    )
    members = list(MemberState.objects.filter(status=MemberState.Status.MEMBER)[:MEMBER_STATES])
    observers = list(MemberState.objects.filter(status=MemberState.Status.OBSERVER)[:10])
    # Where the names come from: 85 % member states, 5 % observers, 6 % IOs, 3 % NGOs, 1 % IOM.
    shares = [(Type.OBSERVER_STATE, 0.05), (Type.INTERNATIONAL_ORGANIZATION, 0.06)]
    shares += [(Type.NGO, 0.03), (Type.IOM, 0.01)]
    counts = {kind: max(1, round(participants * share)) for kind, share in shares}
    counts[Type.MEMBER_STATE] = participants - sum(counts.values())
    entities = {
        Type.MEMBER_STATE: members,
        Type.OBSERVER_STATE: observers,
        Type.INTERNATIONAL_ORGANIZATION: ORGANIZATIONS,
        Type.NGO: NGOS,
        Type.IOM: [""],
    }
    people = []  # (participant type, state or organization, consents)
    for kind, names in entities.items():
        people += [(kind, names[n % len(names)], True) for n in range(counts[kind])]
    people += [
        (Type.MEMBER_STATE, members[n % len(members)], False) for n in range(participants // 40)
    ]

    positions, institutions = (
        (("Counsellor",), ("Ministry of the Interior",)) if one_line else (POSITIONS, INSTITUTIONS)
    )
    unusable = make_password(None)  # nobody logs in
    users = User.objects.bulk_create(
        User(email=f"delegate{n}@bench.example.org", password=unusable) for n in range(len(people))
    )
    rng = random.Random(2009)  # the same names on every run
    titles = {
        gender: [title for title, share in shares for _ in range(share)]
        for gender, shares in TITLE_SHARES.items()
    }

    def gender(n: int) -> str:
        return DelegateProfile.Gender.FEMALE if n % 2 else DelegateProfile.Gender.MALE

    profiles = DelegateProfile.objects.bulk_create(
        DelegateProfile(
            user=user,
            title=rng.choice(titles[gender(n)]),
            given_names=rng.choice(GIVEN[gender(n)]),
            family_name=rng.choice(FAMILY),
            gender=gender(n),
            participant_type=kind,
            member_state=entity if isinstance(entity, MemberState) else None,
            organisation=entity if isinstance(entity, str) else "",
            position=rng.choice(positions),
            institution=rng.choice(institutions) if kind != Type.IOM else "",
            based_in=DelegateProfile.BasedIn.CAPITAL,
            consent_to_public_listing=consents,
        )
        for n, (user, (kind, entity, consents)) in enumerate(zip(users, people, strict=True))
    )
    delegations = {
        delegation.member_state_id: delegation
        for delegation in Delegation.objects.bulk_create(
            Delegation(
                member_state=state,
                workshop=workshop,
                note_verbale_status=Delegation.NoteVerbaleStatus.VERIFIED,
            )
            for state in members
        )
    }
    heads, registrations = set(), []
    for profile in profiles:
        # The first of each delegation leads it (organizations have no head of delegation).
        is_state = profile.participant_type == Type.MEMBER_STATE
        head = is_state and profile.member_state_id not in heads
        role = Role.HEAD_OF_DELEGATION if head else Role.DELEGATE
        heads.add(profile.member_state_id)
        registrations.append(
            Registration(
                delegate=profile,
                workshop=workshop,
                delegation=delegations[profile.member_state_id] if is_state else None,
                role=role,
                status=Registration.Status.CONFIRMED,
            )
        )
    Registration.objects.bulk_create(registrations)
    return workshop


def bare_html(blocks: list[str]) -> str:
    """One plain <p> per block of (escaped) text, in the list's font and page."""
    return bare_paragraphs_html(blocks, font_size_pt=9.5, gap_pt=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one-line", action="store_true", help="short, one-line entries")
    try:
        args = parser.parse_args()  # --help and bad options exit: the folder goes all the same
        started = time.perf_counter()
        workshop = create_data(args.participants, one_line=args.one_line)
        print(
            f"{args.participants} participants (+{args.participants // 40} not in the public "
            f"list) created in {time.perf_counter() - started:.1f} s"
        )
        run(workshop, args.repeat)
    finally:
        connection.close()
        shutil.rmtree(TEMP, ignore_errors=True)


def run(workshop: Workshop, repeat: int) -> None:
    public_pdf = participants_lists_renderers._render_participants_pdf(staff=False)
    staff_pdf = participants_lists_renderers._render_participants_pdf(staff=True)
    html = inline_pdf_css(participants_lists_renderers.participants_html(workshop, "en"))
    groups = participants_lists_selectors.participants_list(workshop, language="en")
    people = [p for g in groups for e in g.entities for p in e.participants]
    names = [p.name for p in people]
    # Each person's entry as the PDF shows it (name, head-of-delegation mark, position, …).
    texts = [escape(participants_lists_renderers.entry_text(person)) for person in people]
    staff_names = len(
        participants_lists_selectors.participants_rows(
            participants_lists_selectors.participants_list(workshop, language="en", staff=True)
        )
    )
    bare_text, bare_line = bare_html(texts), bare_html([escape(name) for name in names])
    # Warm up once (fonts, WeasyPrint's caches, the renderer child), as a busy worker is.
    public_pdf(workshop, "en")
    weasyprint.HTML(string=bare_line).write_pdf()

    rows = [
        ("public PDF (portal)", len(names), lambda: public_pdf(workshop, "en").content),
        (
            "query + HTML",
            len(names),
            lambda: participants_lists_renderers.participants_html(workshop, "en"),
        ),
        ("WeasyPrint floor", len(names), lambda: weasyprint.HTML(string=html).write_pdf()),
        ("bare, same text", len(names), lambda: weasyprint.HTML(string=bare_text).write_pdf()),
        ("bare, one line", len(names), lambda: weasyprint.HTML(string=bare_line).write_pdf()),
        ("staff PDF (portal)", staff_names, lambda: staff_pdf(workshop, "en").content),
        (
            "XLSX",
            len(names),
            lambda: participants_lists_renderers.participants_xlsx(workshop, "en"),
        ),
    ]
    results = []
    for label, count, function in rows:
        seconds, output = timed(function, repeat)
        is_pdf = isinstance(output, bytes) and output.startswith(b"%PDF")
        results.append((label, count, seconds, pdf_pages(output) if is_pdf else None))
    floor = next(seconds for label, _c, seconds, _p in results if label == "WeasyPrint floor")

    print(f"{'':<20} {'names':>6} {'pages':>5} {'seconds':>8} {'vs floor':>9} {'names/s':>8}")
    for label, count, seconds, page_count in results:
        print(
            f"{label:<20} {count:>6} {page_count if page_count else '—':>5} {seconds:>8.3f} "
            f"{seconds / floor:>8.2f}× {count / seconds:>8.0f}"
        )
    print_peak_memory(repeat)


if __name__ == "__main__":
    main()

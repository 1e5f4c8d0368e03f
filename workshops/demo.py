"""IDM 2008 and 2009 as IC/2009/1 (shared/reference/IC-2009-1-discussion-note.txt) gives them.

Facts (themes, titles, dates, the principles' headings) come from the discussion note and
workshops/data sources; the agenda sessions are demo content built from the topics the note
lists for each workshop, with roles rather than invented names for speakers. The venues, their
addresses and the registration deadlines (two weeks before each workshop) are demo content too.
"""

from datetime import date, time
from pathlib import Path

from idm_portal import demo as portal_demo
from workshops.demo_texts import import_language_versions, localized_values
from workshops.models import AgendaItem, Document, KeyDate, PolicyPrinciple, Programme, Workshop
from workshops.services import import_document

PALAIS_DES_NATIONS = "Palais des Nations, Geneva"
PALAIS_DES_NATIONS_ADDRESS = "Avenue de la Paix 8–14\n1211 Geneva 10\nSwitzerland"
IOM_HEADQUARTERS = "IOM headquarters, Geneva"
IOM_HEADQUARTERS_ADDRESS = "17, route des Morillons\n1211 Geneva 19\nSwitzerland"

THEME_2009 = "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
THEME_2008 = "Return Migration: Challenges and Opportunities"

PRINCIPLES_2008 = [
    (
        "a",
        "Return migration is neither a secondary nor ancillary phenomenon, but rather an "
        "integral and crucial component of much international migration",
    ),
    (
        "b",
        "Manage and facilitate that process in order to allow migrants and societies to better "
        "plan for return and its impact",
    ),
    ("c", "Including return migration in an overall comprehensive policy approach to migration"),
    (
        "d",
        "Human rights of migrants are an essential component to be safeguarded in the design "
        "and implementation of return migration programmes and policies",
    ),
    ("e", "Voluntary return is preferable over forced return"),
    (
        "f",
        "Assisted Voluntary Return and Reintegration (AVRR) has proven an effective strategy "
        "to organize return",
    ),
    (
        "g",
        "Policy coherence between different spheres of policy-making is an important consideration",
    ),
    (
        "h",
        "Similarly, policy coherence is also relevant at various levels of policy making "
        "(local, national, regional and international)",
    ),
    (
        "i",
        "This necessitates creating a conducive environment for return and reintegration and "
        "opportunities for returnees to contribute to development",
    ),
    (
        "j",
        "Capacity is a prerequisite to developing and implementing effective and humane return "
        "policies, to maximizing its positive potential, including its development potential, and "
        "to minimizing its potentially negative impact",
    ),
    (
        "k",
        "Equal partnership between countries of origin and countries of destination is the "
        "fundamental principle underlying effective, fair and transparent return migration policy",
    ),
]

WORKSHOPS_2009 = [
    {
        "slug": "human-rights-of-migrants-shared-responsibility",
        "title": "Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
        "start_date": date(2009, 3, 25),
        "end_date": date(2009, 3, 26),
        "registration_deadline": date(2009, 3, 11),
        "venue": PALAIS_DES_NATIONS,
        "venue_address": PALAIS_DES_NATIONS_ADDRESS,
        "capacity": 150,
        "sponsored_seats": 20,
        "registration_status": Workshop.RegistrationStatus.OPEN,
        "description": (
            "It is no longer disputed that migrants are entitled to human rights, regardless of "
            "their status. The workshop opens with an overview of the principal global and "
            "regional human rights instruments relevant to migrants and considers the "
            "integration of human rights standards into national legislative frameworks, policy "
            "and programming on migration.\n\n"
            "It then turns to the rights and responsibilities of migrants and societies: the "
            "workplace, access to health services, education, and civic and political "
            "participation. Its principal focus is on practical ways to give expression to the "
            "shared responsibility for protecting the human rights of migrants through "
            "multi-stakeholder partnerships."
        ),
        "agenda": [
            (0, time(10, 0), time(10, 30), "Opening remarks", "IOM Director General", ""),
            (
                0,
                time(10, 30),
                time(13, 0),
                "Session I: Global and regional human rights instruments relevant to migrants",
                "Representative of a member state\nRepresentative of OHCHR",
                "IOM Legal Affairs",
            ),
            (
                0,
                time(15, 0),
                time(18, 0),
                "Session II: Human rights in national legislation, policy and programming",
                "Representatives of member states of origin, transit and destination",
                "IOM Migration Policy, Research and Communications",
            ),
            (
                1,
                time(10, 0),
                time(13, 0),
                "Session III: Rights and responsibilities of migrants and societies",
                "Representative of an employers' organization\nRepresentative of a trade union\n"
                "Representative of a migrant association",
                "IOM Migration Policy Department",
            ),
            (
                1,
                time(15, 0),
                time(17, 30),
                "Session IV: Multi-stakeholder partnerships for a shared responsibility",
                "Representatives of member states\nRepresentative of an NGO",
                "",
            ),
            (1, time(17, 30), time(18, 0), "Closing remarks", "IOM Deputy Director General", ""),
        ],
    },
    {
        "slug": "trafficking-and-exploitation-of-migrants",
        "title": "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights",
        "start_date": date(2009, 7, 9),
        "end_date": date(2009, 7, 10),
        "registration_deadline": date(2009, 6, 25),
        "venue": PALAIS_DES_NATIONS,
        "venue_address": PALAIS_DES_NATIONS_ADDRESS,
        "capacity": 150,
        "sponsored_seats": 20,
        "registration_status": Workshop.RegistrationStatus.OPEN,
        "description": (
            "Exploitation and abuse of migrants, and the particular case of trafficking in "
            "human beings, constitute gross violations of human rights. The workshop considers "
            "the practical value of human rights in ensuring the safety, health and dignity of "
            "migrants who, through trafficking or otherwise, have become subject to danger, "
            "exploitation and abuse.\n\n"
            "While covering the basics of the current anti-trafficking framework and its "
            "operational challenges, it situates trafficking within the wider context of "
            "irregular migration and of forms of exploitation that do not necessarily meet the "
            "strict definition of trafficking."
        ),
        "agenda": [
            (0, time(10, 0), time(10, 30), "Opening remarks", "IOM Director General", ""),
            (
                0,
                time(10, 30),
                time(13, 0),
                "Session I: The anti-trafficking framework and its operational challenges",
                "Representative of UNODC\nRepresentative of a member state",
                "",
            ),
            (
                0,
                time(15, 0),
                time(18, 0),
                "Session II: Identifying and protecting trafficked persons",
                "Representatives of member states\nRepresentative of an NGO",
                "IOM Counter-Trafficking Division",
            ),
            (
                1,
                time(10, 0),
                time(13, 0),
                "Session III: Exploitation beyond trafficking: forced labour, irregular migration",
                "Representative of the ILO\nRepresentative of a member state",
                "",
            ),
            (
                1,
                time(15, 0),
                time(18, 0),
                "Session IV: A coherent approach in legislation, policy and programming",
                "Representatives of member states",
                "IOM Migration Policy Department",
            ),
        ],
    },
]

WORKSHOPS_2008 = [
    {
        "slug": "managing-return-migration",
        "title": "Managing Return Migration",
        "start_date": date(2008, 4, 21),
        "end_date": date(2008, 4, 22),
        "registration_deadline": date(2008, 4, 7),
        "description": "First intersessional workshop of IDM 2008.",
    },
    {
        "slug": "return-migration-fostering-development",
        "title": "Enhancing the Role of Return Migration in Fostering Development",
        "start_date": date(2008, 7, 7),
        "end_date": date(2008, 7, 8),
        "registration_deadline": date(2008, 6, 23),
        "description": "Second intersessional workshop of IDM 2008.",
    },
]


def _workshop(programme: Programme, spec: dict, **defaults) -> Workshop:
    fields = {k: v for k, v in spec.items() if k not in ("slug", "agenda")}
    workshop, _created = Workshop.objects.update_or_create(
        slug=spec["slug"],
        defaults=localized_values(Workshop, {"programme": programme, **defaults, **fields}),
    )
    for day, start, end, title, speakers, moderator in spec.get("agenda", []):
        AgendaItem.objects.update_or_create(
            workshop=workshop,
            day=date.fromordinal(workshop.start_date.toordinal() + day),
            start_time=start,
            defaults=localized_values(
                AgendaItem,
                {"end_time": end, "title": title, "speakers": speakers, "moderator": moderator},
            ),
        )
    return workshop


def _key_date(programme: Programme, title: str, start: date, end: date | None = None) -> None:
    KeyDate.objects.update_or_create(
        programme=programme,
        title_en=title,
        defaults=localized_values(
            KeyDate, {"title": title, "start_date": start, "end_date": end, "venue": "Geneva"}
        ),
    )


def load() -> dict[str, Programme]:
    idm_2008, _ = Programme.objects.update_or_create(
        year=2008,
        defaults=localized_values(
            Programme,
            {
                "theme": THEME_2008,
                "summary": (
                    "Two intersessional workshops and high-level panels at the 96th Council "
                    "session explored return migration; the key policy principles below emanated "
                    "from them."
                ),
            },
        ),
    )
    for spec in WORKSHOPS_2008:
        _workshop(
            idm_2008,
            spec,
            venue=IOM_HEADQUARTERS,
            venue_address=IOM_HEADQUARTERS_ADDRESS,
            capacity=150,
            sponsored_seats=0,
            registration_status=Workshop.RegistrationStatus.CLOSED,
        )
    for letter, heading in PRINCIPLES_2008:
        PolicyPrinciple.objects.update_or_create(
            programme=idm_2008,
            letter=letter,
            defaults=localized_values(PolicyPrinciple, {"heading": heading}),
        )
    _key_date(idm_2008, "96th Session of the IOM Council", date(2008, 12, 2), date(2008, 12, 5))

    idm_2009, _ = Programme.objects.update_or_create(
        year=2009,
        defaults=localized_values(
            Programme,
            {
                "theme": THEME_2009,
                "summary": (
                    "The IDM in 2009 explores the human dimension of migration and ways to "
                    "incorporate human rights, well-being, safety, dignity and security of "
                    "individuals and communities into migration policies, legislation and "
                    "programming."
                ),
            },
        ),
    )
    for spec in WORKSHOPS_2009:
        _workshop(idm_2009, spec)
    _key_date(
        idm_2009,
        "Informal Consultations on the International Dialogue on Migration",
        date(2009, 2, 26),
    )
    _key_date(idm_2009, "98th Session of the IOM Council", date(2009, 11, 23), date(2009, 11, 26))
    return {"2008": idm_2008, "2009": idm_2009}


# --- Documents ------------------------------------------------------------------------------
IC_2009_1_PATH = Path(__file__).resolve().parent / "data" / "IC-2009-1.en.md"


def _ic_2009_1_summary() -> str:
    """A short summary of IC/2009/1 with its structure (12 numbered paragraphs, the eleven
    lettered principles in paragraph 3, three footnotes), used until the full text is in
    workshops/data/IC-2009-1.en.md."""
    principles = "\n".join(f"({letter}) **{heading}.**" for letter, heading in PRINCIPLES_2008)
    paragraphs = [
        "This discussion note summarizes the substantive outcomes of the International "
        "Dialogue on Migration (IDM) in 2008 and gives information about the IDM for 2009, in "
        "view of the mandate in the IOM Constitution.[^1]",
        "## IDM 2008: Lessons learned on Return Migration",
        "In 2008 the IDM was guided by the theme **“Return Migration: Challenges and "
        "Opportunities”**, with two intersessional workshops, “Managing Return Migration” "
        "(21–22 April) and “Enhancing the Role of Return Migration in Fostering Development” "
        "(7–8 July),[^2] and high-level panels during the 96th Council Session.[^3]",
        "The following summarizes the **key policy principles on return migration** that "
        "emanated from the discussions of the IDM 2008.",
        principles,
        "## IDM 2009: Human Rights and Migration: Working Together for Safe, Dignified and "
        "Secure Migration",
        f"The membership has selected the overarching theme “**{THEME_2009}**” to guide the "
        "IDM in 2009, to explore the human dimension of migration.",
        "Two intersessional workshops have been selected by the membership and are planned "
        "for 2009, subject to available funding.",
        "## First Workshop: Effective Respect for the Human Rights of Migrants: A Shared "
        "Responsibility (25–26 March 2009)",
        "Migrants are entitled to human rights regardless of their status; the workshop opens "
        "with the principal global and regional human rights instruments relevant to migrants.",
        "It then turns to the rights and responsibilities of migrants and societies: the "
        "workplace, health services, education, civic and political participation.",
        "Its principal focus is on practical ways to share the responsibility for protecting "
        "the human rights of migrants through multi-stakeholder partnerships.",
        "## Second Workshop: Trafficking and Exploitation of Migrants: Ensuring Protection of "
        "Human Rights (9–10 July 2009)",
        "Exploitation and abuse of migrants, and trafficking in human beings in particular, "
        "constitute gross violations of human rights; gaps in protection need attention.",
        "Trafficking raises considerable challenges in practice, in particular the "
        "identification of trafficked persons, and calls for a comprehensive human rights "
        "approach.",
        "The workshop situates trafficking within the wider context of irregular migration "
        "and forms of exploitation that do not meet the strict definition of trafficking.",
        "## Funding approach",
        "The Administration seeks funding yearly for the whole IDM workshop programme, and "
        "understands that some donors may wish to earmark their contribution to one workshop.",
    ]
    footnotes = [
        "[^1]: Article 1(1)(e).",
        "[^2]: Workshop presentations, statements and background documentation are available "
        "on the IOM website (www.iom.int/idm).",
        "[^3]: For details of the IDM sessions, panels and presentations at the 96th Council, "
        "please refer to the Draft Report of the 96th Council (Document MC/2266, forthcoming).",
    ]
    return "\n\n".join(paragraphs) + "\n\n" + "\n".join(footnotes) + "\n"


# IC/2009/1 was issued in English; the demo's French and Spanish versions are extracts.
DEMO_WAIVER = "Issued in English; the French and Spanish versions are extracts (paragraphs 1-3)."


def load_documents() -> list:
    """Discussion note IC/2009/1 (English, original English, Geneva, 10 February 2009): the
    full text from workshops/data/IC-2009-1.en.md when present, else a summary. Safe to run
    again: an unchanged document is not rendered again."""
    body = (
        IC_2009_1_PATH.read_text(encoding="utf-8")
        if IC_2009_1_PATH.exists()
        else _ic_2009_1_summary()
    )
    document, _created = import_document(
        body=body,
        symbol="IC/2009/1",
        language="en",
        programme=Programme.objects.get(year=2009),
        title="International Dialogue on Migration 2009",
        subtitle=THEME_2009,
        date=date(2009, 2, 10),
        place="Geneva",
        original_language="en",
        kind=Document.Kind.DISCUSSION_NOTE,
        visibility=Document.Visibility.PUBLIC,
        translation_waiver_reason=DEMO_WAIVER,
    )
    return [document, *import_language_versions(document)]


def load_programme_and_documents() -> None:
    load()
    load_documents()


portal_demo.register_loader(load_programme_and_documents)

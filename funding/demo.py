"""Demo funding of IDM 2008 and 2009, recorded through the services so it obeys the same rules
as real money (states, payments within the amount, revisions kept in the history).

IDM 2009 (IC/2009/1: "subject to available funding"): budgets for both workshops and pledges
from member-state governments and one foundation, in USD, CHF, EUR, AUD and NOK, in every
state. The March workshop is covered by money earmarked to it (a little more than its budget);
the July workshop takes every unearmarked dollar and is still short: subject to funding. The
2008 workshops, long over, were covered by one paid contribution. Rates are those of the day
each pledge was recorded. Loaded once: a second run finds the demo donors and changes nothing.
"""

from datetime import date
from decimal import Decimal as D

from funding.models.budgets import Budget, Category
from funding.models.donors import Donor
from funding.services import budgets, pledges
from idm_portal import demo as portal_demo
from idm_portal.models import User
from workshops.models import MemberState, Programme, Workshop

HUMAN_RIGHTS = "human-rights-of-migrants-shared-responsibility"
TRAFFICKING = "trafficking-and-exploitation-of-migrants"

BUDGETS = {
    HUMAN_RIGHTS: {
        Category.PARTICIPANT_TRAVEL: D("180000.00"),
        Category.VENUE: D("45000.00"),
        Category.DOCUMENTATION: D("30000.00"),
        Category.STAFF: D("25000.00"),
        Category.OVERHEAD: D("20000.00"),
    },
    TRAFFICKING: {
        Category.PARTICIPANT_TRAVEL: D("200000.00"),
        Category.VENUE: D("45000.00"),
        Category.DOCUMENTATION: D("35000.00"),
        Category.STAFF: D("30000.00"),
        Category.OVERHEAD: D("22000.00"),
    },
    "managing-return-migration": {
        Category.PARTICIPANT_TRAVEL: D("150000.00"),
        Category.VENUE: D("40000.00"),
        Category.DOCUMENTATION: D("25000.00"),
        Category.STAFF: D("20000.00"),
        Category.OVERHEAD: D("15000.00"),
    },
    "return-migration-fostering-development": {
        Category.PARTICIPANT_TRAVEL: D("150000.00"),
        Category.VENUE: D("40000.00"),
        Category.DOCUMENTATION: D("25000.00"),
        Category.STAFF: D("20000.00"),
        Category.OVERHEAD: D("15000.00"),
    },
}

# name, public name (en, fr, es) or None, kind, member state (ISO code), named publicly?
DONORS = [
    (
        "Government of the United States of America",
        ("United States of America", "États-Unis d’Amérique", "Estados Unidos de América"),
        Donor.Kind.GOVERNMENT,
        "US",
        True,
    ),
    (
        "Government of Switzerland",
        ("Switzerland", "Suisse", "Suiza"),
        Donor.Kind.GOVERNMENT,
        "CH",
        True,
    ),
    (
        "Government of Australia",
        ("Australia", "Australie", "Australia"),
        Donor.Kind.GOVERNMENT,
        "AU",
        True,
    ),
    ("Government of the Netherlands", None, Donor.Kind.GOVERNMENT, "NL", False),
    ("Government of Norway", ("Norway", "Norvège", "Noruega"), Donor.Kind.GOVERNMENT, "NO", True),
    ("Foundation for Human Mobility", None, Donor.Kind.FOUNDATION, None, False),
]

RATES = {"USD": D("1"), "CHF": D("0.87150000"), "EUR": D("1.30420000"), "AUD": D("0.66310000"),
         "NOK": D("0.14520000")}  # fmt: skip

# donor, year, workshop slug or None (whole programme), amount, currency, pledge date,
# due date, what happens: [("commit", ref) | ("pay", date, amount) | ("revise", amount) |
# ("cancel",)]
PLEDGES = [
    ("Government of the United States of America", 2008, None, D("510000.00"), "USD",
     date(2007, 11, 20), date(2008, 6, 30),
     [("commit", "PRM-IOM-2008-IDM"), ("pay", date(2008, 2, 15), D("300000.00")),
      ("pay", date(2008, 6, 2), D("210000.00"))]),
    ("Government of the United States of America", 2009, HUMAN_RIGHTS, D("200000.00"), "USD",
     date(2008, 11, 25), date(2009, 3, 1),
     [("commit", "PRM-IOM-2009-014"), ("pay", date(2009, 2, 10), D("120000.00")),
      ("pay", date(2009, 2, 27), D("80000.00"))]),
    ("Government of Switzerland", 2009, HUMAN_RIGHTS, D("100000.00"), "CHF",
     date(2008, 12, 8), date(2009, 6, 30),
     [("commit", "ODM 2009/IDM-1"), ("pay", date(2009, 3, 5), D("60000.00"))]),
    ("Government of Australia", 2009, HUMAN_RIGHTS, D("25000.00"), "AUD",
     date(2009, 1, 19), date(2009, 3, 15),
     [("commit", "DIAC-2009-07"), ("pay", date(2009, 3, 2), D("25000.00"))]),
    ("Government of the Netherlands", 2009, TRAFFICKING, D("80000.00"), "EUR",
     date(2009, 2, 3), date(2009, 9, 30), [("commit", "DMV-2009/0211")]),
    ("Government of Norway", 2009, TRAFFICKING, D("500000.00"), "NOK",
     date(2009, 4, 20), None, []),
    ("Government of Australia", 2009, None, D("120000.00"), "AUD",
     date(2009, 1, 19), date(2009, 4, 30),
     [("commit", "DIAC-2009-08"), ("pay", date(2009, 4, 14), D("120000.00"))]),
    ("Foundation for Human Mobility", 2009, None, D("30000.00"), "USD",
     date(2009, 2, 16), date(2009, 8, 31),
     [("revise", D("50000.00")), ("commit", "FHM-G-2009-03")]),
    ("Government of the United States of America", 2009, None, D("40000.00"), "USD",
     date(2009, 3, 10), None, [("cancel",)]),
    ("Government of Switzerland", 2009, None, D("20000.00"), "CHF",
     date(2009, 5, 12), None, []),
]  # fmt: skip


def _donors() -> dict[str, Donor]:
    donors = {}
    for name, public, kind, code, named in DONORS:
        state = MemberState.objects.filter(country=code).first() if code else None
        public_fields = (
            dict(zip(("public_name_en", "public_name_fr", "public_name_es"), public, strict=True))
            if public
            else {}
        )
        donor, _created = Donor.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "member_state": state,
                "is_publicly_named": named,
                **public_fields,
            },
        )
        donors[name] = donor
    contact = User.objects.filter(email="donor@example.org").first()
    if contact is not None:
        donors["Government of the United States of America"].contacts.add(contact)
    other = User.objects.filter(email="donor2@example.org").first()
    if other is not None:
        donors["Government of Norway"].contacts.add(other)
    return donors


def _budgets() -> None:
    for slug, lines in BUDGETS.items():
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            continue
        # An empty budget (funding's migration gives one to workshops staff had marked
        # funded) is filled; one with lines is staff's and stays as it is.
        budget = Budget.objects.filter(workshop=workshop).first()
        if budget is not None and budget.lines.exists():
            continue
        if budget is None:
            budget = budgets.save_budget(
                workshop=workshop, notes="From the workshop's project document."
            )
        budgets.set_lines(budget=budget, amounts=lines)


def load() -> None:
    donors = _donors()
    _budgets()
    if donors["Government of Norway"].pledges.exists():
        return  # loaded before
    programmes = {p.year: p for p in Programme.objects.filter(year__in=(2008, 2009))}
    for name, year, slug, amount, currency, pledged_on, due, steps in PLEDGES:
        if year not in programmes:
            continue
        pledge = pledges.record_pledge(
            donor=donors[name],
            programme=programmes[year],
            workshop=Workshop.objects.get(slug=slug) if slug else None,
            amount=amount,
            currency=currency,
            rate_to_usd=RATES[currency],
            pledge_date=pledged_on,
            due_date=due,
        )
        for step in steps:
            if step[0] == "commit":
                pledge = pledges.commit_pledge(pledge=pledge, agreement_reference=step[1])
            elif step[0] == "pay":
                pledges.record_payment(pledge=pledge, date=step[1], amount=step[2])
            elif step[0] == "revise":
                pledge = pledges.revise_pledge(pledge=pledge, amount=step[1])
            elif step[0] == "cancel":
                pledge = pledges.cancel_pledge(pledge=pledge)


portal_demo.register_loader(load)

"""The funding reports, generated files of the portal's pipeline (idm_portal.files.registry),
in IOM's layout and the reader's language:

- ``funding_report_programme``: a programme's coverage per workshop, its pledges by state and
  its contributions by donor; fetched by staff who may read funding (Finance, Secretariat);
- ``funding_report_donor``: one donor's pledges and payments, what its money funds, and the
  coverage of the programmes it gave to; fetched by those staff and by the donor's contacts.

Each fingerprint is the very data the report shows (figures as printed, the date "as of")
plus a layout version, so any change a reader would see makes a new file.
"""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funding import display
from funding.models.donors import Donor
from funding.models.pledges import Pledge
from funding.selectors import donors as donors_selectors
from funding.selectors import overview as overview_selectors
from funding.selectors import pages
from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from idm_portal.pdf.typography import date_line
from workshops import dates
from workshops.models import Programme

PROGRAMME_REPORT = "funding_report_programme"
DONOR_REPORT = "funding_report_donor"
# Bump when funding/templates/funding/pdf/report.html or static/css/pdf.css changes the output.
REPORT_LAYOUT_VERSION = "2009.1"
READ_PERMISSION = "funding.view_pledge"


def may_read_funding(user) -> bool:
    """Staff who may read pledges: Finance and the Secretariat (idm_portal/roles.py)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm(READ_PERMISSION)
    )


def may_download_programme_report(user, programme: Programme) -> bool:
    return may_read_funding(user)


def may_download_donor_report(user, donor: Donor) -> bool:
    if may_read_funding(user):
        return True
    own = donors_selectors.donor_of(user)
    return own is not None and own.pk == donor.pk


def _coverage_rows(figures: pages.ProgrammeFigures) -> list[dict]:
    rows = [
        {
            "title": row.workshop.title,
            "budget": display.amount(row.coverage.budget) if row.coverage.has_budget else "–",
            "earmarked": display.amount(row.coverage.earmarked.funds),
            "share": display.amount(row.coverage.share.funds),
            "funds": display.amount(row.coverage.funds),
            "pledged": display.amount(row.coverage.money.pledged),
            "gap": display.amount(row.coverage.gap),
            "percent": display.percent(row.coverage.coverage_percent),
            "verdict": gettext("Subject to funding")
            if row.coverage.is_subject_to_funding
            else gettext("Funded"),
        }
        for row in figures.rows
    ]
    total = figures.coverage
    rows.append(
        {
            "title": gettext("Whole programme"),
            "budget": display.amount(total.budget),
            "earmarked": display.amount(total.earmarked.funds),
            "share": display.amount(total.unearmarked.funds),
            "funds": display.amount(total.funds),
            "pledged": display.amount(total.earmarked.pledged + total.unearmarked.pledged),
            "gap": display.amount(total.gap),
            "percent": display.percent(total.coverage_percent),
            "verdict": gettext("Reserve: %(amount)s")
            % {"amount": display.money(total.reserve.funds)},
            "is_total": True,
        }
    )
    return rows


def programme_report_data(programme: Programme, language: str) -> dict:
    with translation.override(language):
        figures = pages.programme_figures(programme)
        states = overview_selectors.pledges_by_state(programme)
        return {
            "symbol": gettext("IDM/%(year)s/FUNDING") % {"year": programme.year},
            "title": gettext("Funding report"),
            "subtitle": str(programme.theme),
            "meeting": gettext("International Dialogue on Migration %(year)s")
            % {"year": programme.year},
            "date_line": date_line("Geneva", dates.today(), language),
            "coverage": _coverage_rows(figures),
            "states": [
                {"label": s.label, "count": s.count, "usd": display.money(s.usd)} for s in states
            ],
            "donors": [
                {
                    "name": row["donor__name"],
                    "funds": display.money(row["funds"] or 0),
                    "pledged": display.money(row["pledged"] or 0),
                }
                for row in _by_donor(programme)
            ],
        }


def _by_donor(programme: Programme) -> list[dict]:
    """USD counted (committed and paid) and merely pledged, per donor (one query). The report
    is for staff only: donors are named by the staff's name, anonymous or not."""
    Status = Pledge.Status
    return list(
        Pledge.objects.filter(programme=programme)
        .exclude(status=Status.CANCELLED)
        .values("donor__name")
        .annotate(
            funds=Sum("amount_usd", filter=Q(status__in=Pledge.FUNDING_STATUSES)),
            pledged=Sum("amount_usd", filter=Q(status=Status.PLEDGED)),
        )
        .order_by("donor__name")
    )


def donor_report_data(donor: Donor, language: str) -> dict:
    with translation.override(language):
        figures = pages.donor_figures(donor)
        pledges = [
            {
                "date": date_format(row.pledge.pledge_date),
                "programme": row.pledge.programme.year,
                "earmark": row.pledge.workshop.title
                if row.pledge.workshop_id
                else gettext("Whole programme"),
                "amount": display.money(row.pledge.amount, row.pledge.currency),
                "usd": display.money(row.pledge.amount_usd),
                "received": display.money(row.pledge.paid_amount, row.pledge.currency),
                "state": row.pledge.get_status_display(),
                "overdue": row.is_overdue,
                "payments": [
                    {
                        "date": date_format(payment.date),
                        "amount": display.money(payment.amount, row.pledge.currency),
                    }
                    for payment in row.pledge.payments.all()
                ],
            }
            for row in figures.pledges
        ]
        funds = [
            {
                "year": f.programme.year,
                "unearmarked": display.money(f.unearmarked.funds),
                "reserve": display.money(f.reserve),
                "workshops": [
                    {
                        "title": w.workshop.title,
                        "earmarked": display.money(w.earmarked.funds),
                        "share": display.money(w.share),
                        "funds": display.money(w.funds),
                    }
                    for w in f.workshops
                ],
            }
            for f in figures.programmes
        ]
        return {
            "symbol": gettext("IDM/FUNDING/D%(pk)s") % {"pk": donor.pk},
            "title": gettext("Funding report"),
            "subtitle": donor.display_name,
            "meeting": gettext("International Dialogue on Migration"),
            "date_line": date_line("Geneva", dates.today(), language),
            "pledges": pledges,
            "funds": funds,
            "programmes": [
                {"year": c.programme.year, "coverage": _coverage_rows(c)} for c in figures.charts
            ],
        }


def _render(data: dict, language: str) -> bytes:
    with translation.override(language):
        context = {
            "report": data,
            "language": language,
            "page_label_css": pdf.css_string(gettext("Page")),
        }
    return pdf.html_to_pdf(pdf.render_html("funding/pdf/report.html", context, language=language))


def render_programme_report(programme: Programme, language: str) -> Rendered:
    content = _render(programme_report_data(programme, language), language)
    return Rendered(content=content, filename=f"idm-{programme.year}-funding-{language}.pdf")


def render_donor_report(donor: Donor, language: str) -> Rendered:
    content = _render(donor_report_data(donor, language), language)
    return Rendered(content=content, filename=f"funding-report-{donor.pk}-{language}.pdf")


register(
    PROGRAMME_REPORT,
    render=render_programme_report,
    fingerprint=lambda programme, language: [
        REPORT_LAYOUT_VERSION,
        programme_report_data(programme, language),
    ],
    can_download=may_download_programme_report,
    label=_("Funding report of a programme (PDF)"),
)
register(
    DONOR_REPORT,
    render=render_donor_report,
    fingerprint=lambda donor, language: [REPORT_LAYOUT_VERSION, donor_report_data(donor, language)],
    can_download=may_download_donor_report,
    label=_("Funding report of a donor (PDF)"),
)

"""The donor contact's pages: the dashboard, one of the donor's pledges, its own figures as CSV,
the programme's incoming transactions in IATI's terms (CSV and JSON) and its funding report.

A user who is no donor's contact gets a 404 on all of them, and so does a contact asking for
another donor's pledge: they learn nothing of whether it exists.
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from funding import exports, page_cache
from funding.models.pledges import Pledge
from funding.renderers import DONOR_REPORT
from funding.selectors import donors as donors_selectors
from funding.selectors import pages, stamp, transactions
from idm_portal import account_roles
from idm_portal.files import services as file_services
from idm_portal.files.selectors import generated_file_for
from workshops import dates
from workshops.models import Programme


def donor_required(view):
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        donor = donors_selectors.donor_of(request.user)
        if donor is None:
            raise Http404
        return view(request, donor, *args, **kwargs)

    return wrapped


def _language(asked: str | None) -> str:
    """A language of the portal: the one asked for, else the page's."""
    codes = [code for code, _name in settings.LANGUAGES]
    if asked in codes:
        return asked
    current = (get_language() or "en").split("-")[0]
    return current if current in codes else "en"


def _report_language(request: HttpRequest) -> str:
    return _language(request.GET.get("language"))


@require_GET
@donor_required
def dashboard(request: HttpRequest, donor) -> HttpResponse:
    # The donor's figures are read only when the page's cached part is missing or stale
    # (funding.selectors.stamp, and the day: a pledge becomes overdue overnight). The whole page
    # is kept for the user too (funding.page_cache): its key holds all the layout shows of the
    # user (who, staff or not, the account's role) and the report's state; the CSRF token is
    # the request's own. A page with a query string or a message to show is rendered afresh.
    key = f"{donor.pk}:{get_language()}:{dates.today()}:{stamp.funding_stamp()}"
    report = generated_file_for(donor, DONOR_REPORT, _report_language(request))
    context = {
        "donor": donor,
        "figures": SimpleLazyObject(lambda: pages.donor_figures(donor)),
        "cache_seconds": stamp.PAGE_CACHE_SECONDS,
        "cache_using": page_cache.alias(),
        "cache_key": key,
        "report": report,
    }
    if request.META.get("QUERY_STRING") or len(messages.get_messages(request)):
        return render(request, "funding/dashboard.html", context)
    user = request.user
    role = account_roles.role_of(request)
    page_key = page_cache.key(
        "dashboard",
        key,
        user.pk,
        user.is_staff,
        role.key if role else "",
        (report.pk, report.state, report.file.name) if report else "",
    )
    body = page_cache.kept_page(page_key)
    if body is None:
        context["csrf_token"] = page_cache.CSRF_PLACEHOLDER
        body = render_to_string("funding/dashboard.html", context, request)
        page_cache.keep_page(page_key, body)
    return page_cache.page_response(request, body)


@require_GET
@donor_required
def pledge_detail(request: HttpRequest, donor, pk: int) -> HttpResponse:
    try:
        pledge = pages.donor_pledge(donor, pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    return render(request, "funding/pledge_detail.html", {"donor": donor, "pledge": pledge})


@require_GET
@donor_required
def own_figures_csv(request: HttpRequest, donor) -> HttpResponse:
    figures = pages.donor_figures(donor)
    return _attachment(
        exports.donor_figures_csv(figures), "text/csv; charset=utf-8", "funding-figures.csv"
    )


def _programme(year: int) -> Programme:
    return get_object_or_404(Programme.objects.filter(is_published=True), year=year)


@require_GET
@donor_required
def transactions_csv(request: HttpRequest, donor, year: int) -> HttpResponse:
    rows = transactions.incoming_transactions(_programme(year), viewer=donor)
    return _attachment(
        exports.transactions_csv(rows), "text/csv; charset=utf-8", f"idm-{year}-iati.csv"
    )


@require_GET
@donor_required
def transactions_json(request: HttpRequest, donor, year: int) -> HttpResponse:
    programme = _programme(year)
    rows = transactions.incoming_transactions(programme, viewer=donor)
    data = {
        "iati_version": "2.03",
        "iati_identifier": transactions.activity_identifier(programme),
        "reporting_org": {
            "ref": transactions.REPORTING_ORG_REF,
            "narrative": transactions.REPORTING_ORG_NAME,
        },
        "transactions": [row.as_dict() for row in rows],
    }
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _attachment(body, "application/json; charset=utf-8", f"idm-{year}-iati.json")


@require_http_methods(["POST"])
@donor_required
def request_report(request: HttpRequest, donor) -> HttpResponse:
    """Ask for the donor's funding report (PDF) in a language; the dashboard shows its state."""
    language = _language(request.POST.get("language"))
    file_services.request_file(donor, DONOR_REPORT, language)
    response = redirect("funding:dashboard")
    response["Location"] += f"?language={language}#report"
    return response


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

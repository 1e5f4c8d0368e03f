"""Finance's funding overview, an admin page (the admin's login and second factor apply),
for staff who may read pledges (Finance, and the Secretariat who reads funding); from it they
ask for the programme's funding report (PDF)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from funding.renderers import PROGRAMME_REPORT, may_read_funding
from funding.selectors import overview as overview_selectors
from funding.selectors import pages
from idm_portal.files import services as file_services
from idm_portal.files.selectors import generated_file_for
from workshops.models import Programme


def _overview(request: HttpRequest, year: int | None = None) -> HttpResponse:
    if not may_read_funding(request.user):
        raise PermissionDenied
    if year is None:
        programme = pages.current_programme()
        if programme is None:
            programme = get_object_or_404(Programme.objects.order_by("-year")[:1])
    else:
        programme = get_object_or_404(Programme, year=year)
    if request.method == "POST":
        language = request.POST.get("language", "en")
        if language not in ("en", "fr", "es"):
            language = "en"
        file_services.request_file(programme, PROGRAMME_REPORT, language)
        return redirect("funding:overview_year", year=programme.year)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Funding overview: IDM %(year)s") % {"year": programme.year},
        "programme": programme,
        "programmes": Programme.objects.order_by("-year").only("pk", "year"),
        "reports": [
            (code, generated_file_for(programme, PROGRAMME_REPORT, code))
            for code in ("en", "fr", "es")
        ],
        **overview_selectors.overview(programme),
    }
    return TemplateResponse(request, "admin/funding/overview.html", context)


def overview(request: HttpRequest, year: int | None = None) -> HttpResponse:
    return admin.site.admin_view(_overview)(request, year=year)

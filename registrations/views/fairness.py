"""The fairness view of travel sponsorship, an admin page (the admin's login and second factor
apply) for staff who may view sponsorships (Finance and the Secretariat): per workshop,
requests and approvals by region, income category and gender, with the money committed, and
what remains (funds free for travel, sponsored seats free). Linked from the workshop's admin
(registrations.fairness_hooks). Figures from registrations.selectors.fairness."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from registrations.selectors import fairness as fairness_selectors
from workshops.models import Workshop

PERMISSION = "registrations.view_sponsorship"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _index(request: HttpRequest) -> HttpResponse:
    _check(request)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Travel sponsorship: fairness by workshop"),
        "workshops": fairness_selectors.fairness_workshops(),
    }
    return TemplateResponse(request, "admin/registrations/fairness/index.html", context)


def _workshop(request: HttpRequest, workshop_id: int) -> HttpResponse:
    _check(request)
    workshop = get_object_or_404(Workshop.objects.select_related("programme"), pk=workshop_id)
    fairness = fairness_selectors.workshop_fairness(workshop)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Travel sponsorship: fairness"),
        "workshop": workshop,
        "fairness": fairness,
        "breakdowns": [
            (gettext("By region"), gettext("Region"), fairness.by["region"]),
            (
                gettext("By income category (DAC list)"),
                gettext("Income category"),
                fairness.by["income"],
            ),
            (gettext("By gender"), gettext("Gender"), fairness.by["gender"]),
        ],
    }
    return TemplateResponse(request, "admin/registrations/fairness/workshop.html", context)


def fairness_index(request: HttpRequest) -> HttpResponse:
    return admin.site.admin_view(_index)(request)


def workshop_fairness(request: HttpRequest, workshop_id: int) -> HttpResponse:
    return admin.site.admin_view(_workshop)(request, workshop_id=workshop_id)

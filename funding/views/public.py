"""The public funding summary of a programme: its coverage, per workshop, and the donors who
agreed to be named. Anyone may read it; it shows no donor's money one by one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from funding import page_cache
from funding.selectors import donors as donors_selectors
from funding.selectors import pages, stamp
from idm_portal import page_cache as portal_pages
from workshops.models import Programme


@require_GET
def summary_current(request: HttpRequest) -> HttpResponse:
    programme = pages.current_programme()
    if programme is None:
        return render(request, "funding/no_programme.html", status=404)
    return redirect("funding:summary", year=programme.year)


@require_GET
@portal_pages.shared_page
def summary(request: HttpRequest, year: int) -> HttpResponse:
    # An anonymous visitor gets the page kept whole for its language (idm_portal.page_cache).
    # Others get the layout rendered for them around the figures' fragment, kept on funding's
    # stamp (funding.page_cache): the figures are read only when that fragment is missing or
    # stale; the summary is public and read far more often than written.
    programme = get_object_or_404(Programme.objects.filter(is_published=True), year=year)
    stamp_value = stamp.funding_stamp()
    context = {
        "programme": programme,
        "figures": SimpleLazyObject(lambda: pages.programme_figures(programme)),
        "donors": SimpleLazyObject(lambda: donors_selectors.named_donors(programme)),
        "cache_seconds": stamp.PAGE_CACHE_SECONDS,
        "cache_using": page_cache.alias(),
        "cache_key": f"{programme.pk}:{get_language()}:{stamp_value}",
    }
    return render(request, "funding/summary.html", context)

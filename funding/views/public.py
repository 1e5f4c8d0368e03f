"""The public funding summary of a programme: its coverage, per workshop, and the donors who
agreed to be named. Anyone may read it; it shows no donor's money one by one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from funding import page_cache
from funding.selectors import donors as donors_selectors
from funding.selectors import pages, stamp
from workshops.models import Programme


@require_GET
def summary_current(request: HttpRequest) -> HttpResponse:
    programme = pages.current_programme()
    if programme is None:
        return render(request, "funding/no_programme.html", status=404)
    return redirect("funding:summary", year=programme.year)


@require_GET
def summary(request: HttpRequest, year: int) -> HttpResponse:
    # An anonymous visitor gets the page kept whole for its language (funding.page_cache): no
    # query but the stamp's, at most once a second per process. Others get the layout rendered
    # for them around the figures' fragment kept on the same stamp.
    shared = page_cache.is_shared(request)
    stamp_value = stamp.funding_stamp()
    page_key = page_cache.key("summary", year, get_language(), stamp_value)
    if shared and (body := page_cache.kept_page(page_key)) is not None:
        return page_cache.page_response(request, body)
    programme = get_object_or_404(Programme.objects.filter(is_published=True), year=year)
    # The figures are read only when the page's cached fragment is missing or stale
    # (funding.selectors.stamp): the summary is public and read far more often than written.
    context = {
        "programme": programme,
        "figures": SimpleLazyObject(lambda: pages.programme_figures(programme)),
        "donors": SimpleLazyObject(lambda: donors_selectors.named_donors(programme)),
        "cache_seconds": stamp.PAGE_CACHE_SECONDS,
        "cache_using": page_cache.alias(),
        "cache_key": f"{programme.pk}:{get_language()}:{stamp_value}",
    }
    if not shared:
        return render(request, "funding/summary.html", context)
    context["csrf_token"] = page_cache.CSRF_PLACEHOLDER
    body = render_to_string("funding/summary.html", context, request)
    page_cache.keep_page(page_key, body)
    return page_cache.page_response(request, body)

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from workshops import selectors


def programme_current(request: HttpRequest) -> HttpResponse:
    programme = selectors.current_programme()
    if programme is None:
        return render(request, "workshops/no_programme.html", status=404)
    return redirect(programme)


def programme(request: HttpRequest, year: int) -> HttpResponse:
    programme = selectors.programme_for_year(year)
    other_years = selectors.published_programmes().exclude(pk=programme.pk).only("year", "theme")
    return render(
        request,
        "workshops/programme.html",
        {
            "programme": programme,
            "timeline": selectors.timeline(programme),
            "other_programmes": other_years,
        },
    )


def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = selectors.workshop_detail(slug)
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})

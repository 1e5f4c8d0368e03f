from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workshops import selectors


def home(request: HttpRequest) -> HttpResponse:
    programme = selectors.current_programme()
    return render(
        request,
        "home.html",
        {
            "programme": programme,
            "timeline": selectors.timeline(programme) if programme else [],
            "membership": selectors.membership_counts(),
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)

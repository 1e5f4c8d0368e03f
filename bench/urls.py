"""The portal's URLs plus a bare view: the same middleware, no template, no database."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from idm_portal.urls import handler404
from idm_portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler404", "urlpatterns"]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *portal_urlpatterns]

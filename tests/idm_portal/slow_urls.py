"""The portal's URLs plus one page whose query takes as long as asked (PostgreSQL's
pg_sleep), to run into the web statement timeout. Used by test_database_outage.py."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from idm_portal import urls


def slow(request: HttpRequest, milliseconds: int) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [milliseconds / 1000])
    return HttpResponse("done")


urlpatterns = [path("slow/<int:milliseconds>/", slow), *urls.urlpatterns]
handler404 = urls.handler404
handler500 = getattr(urls, "handler500", "django.views.defaults.server_error")

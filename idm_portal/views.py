import posixpath
import sys

from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.decorators.http import require_safe

from idm_portal import mfa_keys, page_cache
from idm_portal.files.registry import get_renderer
from idm_portal.models import GeneratedFile
from workshops import selectors


@page_cache.shared_page
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


# Seconds a client is asked to wait before trying again when the database does not answer.
DATABASE_RETRY_AFTER = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that cannot be reached, that timed out or that cancelled a
    statement (the web statement timeout) is an outage, not a bug: the visitor gets the 503
    page. So is a second factor's secret that MFA_ENCRYPTION_KEY does not open (a wrong or
    removed key: the operators must act; the staff member is told so, not "something went
    wrong"). Django calls this inside its `except` block, so the exception is in
    sys.exc_info() and is logged with the response, whatever raised it (a view, a template, a
    middleware)."""
    exception = sys.exc_info()[1]
    while exception is not None:
        if isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable(request)
        if isinstance(exception, mfa_keys.UnreadableSecret):
            return _unavailable(request, {"cause": "second_factor"})
        exception = exception.__cause__
    return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page. It renders without a request context, so no context processor (user,
    messages, session) can touch the database that just failed; the language comes from the
    URL, the cookie or the browser, never from the session."""
    response = _unavailable(request, {"cause": "database"})
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def _unavailable(request: HttpRequest, context: dict) -> HttpResponse:
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        body = loader.render_to_string("503.html", context)
    response = HttpResponse(body, status=503)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def generated_file(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    """A generated file, to whoever its kind's `can_download` lets have it; a 404 for anyone
    else (they learn nothing of whether it exists)."""
    row = get_object_or_404(GeneratedFile.objects.select_related("content_type"), pk=pk)
    if not row.file or posixpath.basename(row.file.name) != filename:
        raise Http404
    obj = row.content_type.get_object_for_this_type(pk=row.object_id)
    try:
        renderer = get_renderer(row.kind)
    except LookupError:
        raise Http404 from None
    if not renderer.may_download(request.user, obj):
        raise Http404
    try:
        handle = row.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, filename=filename)
    response["Cache-Control"] = "private, no-cache"
    return response

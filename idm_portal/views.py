import posixpath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from idm_portal.generated import get_renderer
from idm_portal.models import GeneratedFile
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

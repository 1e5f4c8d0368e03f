"""Celery entry points of the workshops app.

Documents' PDFs go through the portal's generic pipeline (idm_portal.tasks.make_generated_file);
this task only lets a beat schedule or a script ask for every document's PDF at once."""

from celery import shared_task

from workshops import services
from workshops.models import Document


@shared_task(ignore_result=True)
def request_all_document_pdfs() -> int:
    count = 0
    for document in Document.objects.select_related("programme").iterator():
        services.request_document_pdf(document=document)
        count += 1
    return count

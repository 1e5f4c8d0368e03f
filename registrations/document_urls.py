"""URLs of the registration documents: confirmation letter and list of participants (merged
into registrations.urls)."""

from django.urls import path

from registrations import document_views

urlpatterns: list = [
    path(
        "my-registrations/<int:pk>/confirmation-letter/",
        document_views.confirmation_letter,
        name="confirmation_letter",
    ),
    path(
        "my-registrations/<int:pk>/confirmation-letter/<str:language>/status/",
        document_views.confirmation_letter_status,
        name="confirmation_letter_status",
    ),
    path(
        "my-registrations/<int:pk>/confirmation-letter/<str:language>/download/",
        document_views.confirmation_letter_download,
        name="confirmation_letter_download",
    ),
]

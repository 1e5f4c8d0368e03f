"""URLs of the public list of participants (merged into registrations.urls). The path is
under the workshop's, as it was when the programme served it."""

from django.urls import path

from registrations.participants_lists import views

urlpatterns: list = [
    path(
        "workshops/<slug:slug>/participants/<str:fmt>/",
        views.participants_list,
        name="participants_list",
    ),
    path(
        "workshops/<slug:slug>/participants/<str:fmt>/status/",
        views.participants_list_status,
        name="participants_list_status",
    ),
]

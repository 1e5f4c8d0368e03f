from django.urls import path

from registrations import document_urls, focal_point_urls, invitation_views, views
from registrations.participants_lists import urls as participants_lists_urls

app_name = "registrations"

urlpatterns = [
    path("my-registrations/", views.my_registrations, name="my_registrations"),
    path("my-profile/", views.profile, name="profile"),
    path("workshops/<slug:slug>/register/", views.register, name="register"),
    path("my-registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("my-registrations/<int:pk>/accept-seat/", views.accept_offer, name="accept_offer"),
    path("my-registrations/<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("invitations/<slug:token>/", invitation_views.invitation, name="invitation"),
    path(
        "invitations/<slug:token>/decline/",
        invitation_views.decline_invitation,
        name="decline_invitation",
    ),
]
urlpatterns += focal_point_urls.urlpatterns
urlpatterns += document_urls.urlpatterns
urlpatterns += participants_lists_urls.urlpatterns

from django.urls import path

from registrations import document_urls, focal_point_urls, views

app_name = "registrations"

urlpatterns = [
    path("my-registrations/", views.my_registrations, name="my_registrations"),
    path("my-profile/", views.profile, name="profile"),
    path("workshops/<slug:slug>/register/", views.register, name="register"),
    path("my-registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("my-registrations/<int:pk>/accept-seat/", views.accept_offer, name="accept_offer"),
    path("my-registrations/<int:pk>/calendar.ics", views.calendar, name="calendar"),
]
urlpatterns += focal_point_urls.urlpatterns
urlpatterns += document_urls.urlpatterns

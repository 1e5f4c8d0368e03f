from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("programme/", views.programme_current, name="programme_current"),
    path("programme/<int:year>/", views.programme, name="programme"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="detail"),
]

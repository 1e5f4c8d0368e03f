"""URLs of the respondent's survey pages."""

from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("my-surveys/", views.my_surveys, name="my_surveys"),
    path("my-surveys/<int:pk>/", views.answer, name="answer"),
    path(
        "my-surveys/<int:pk>/responses/<str:response_id>/",
        views.response_detail,
        name="response",
    ),
    path("my-surveys/<int:pk>/thanks/", views.thanks, name="thanks"),
]

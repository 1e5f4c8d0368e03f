"""URLs of the focal point's delegation boards (merged into registrations.urls)."""

from django.urls import path

from registrations import focal_point_views as views

urlpatterns: list = [
    path("my-delegation/", views.index, name="delegation_index"),
    path("my-delegation/<slug:slug>/", views.board, name="delegation_board"),
    path(
        "my-delegation/<slug:slug>/register/",
        views.register_on_behalf,
        name="delegation_register",
    ),
    path(
        "my-delegation/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.withdraw_invitation,
        name="delegation_withdraw_invitation",
    ),
    path(
        "my-delegation/<slug:slug>/note-verbale/",
        views.note_verbale,
        name="delegation_note_verbale",
    ),
    path(
        "my-delegation/<slug:slug>/note-verbale.pdf",
        views.note_verbale_file,
        name="delegation_note_verbale_file",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/endorse/",
        views.endorse,
        name="delegation_endorse",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/withdraw/",
        views.withdraw,
        name="delegation_withdraw",
    ),
    path(
        "my-delegation/<slug:slug>/registrations/<int:pk>/head/",
        views.set_head,
        name="delegation_set_head",
    ),
    path(
        "delegations/<int:pk>/note-verbale.pdf",
        views.staff_note_verbale_file,
        name="staff_note_verbale_file",
    ),
]

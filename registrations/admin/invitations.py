"""The admin of delegate invitations, read only: focal points invite and the invited person
answers (registrations.services.invitations)."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal.admin_history import HistoryAdmin
from registrations.models.invitations import DelegateInvitation


@admin.register(DelegateInvitation)
class DelegateInvitationAdmin(HistoryAdmin):
    """Read only: focal points invite, the invited person answers (services.invitations)."""

    list_display = ("email", "member_state", "workshop", "role", "sent_at", "expires_at", "answer")
    list_filter = ("workshop", "role")
    list_select_related = ("member_state", "workshop")
    search_fields = ("email", "member_state__name")
    autocomplete_fields = ("member_state", "workshop")
    readonly_fields = (
        "email",
        "member_state",
        "workshop",
        "role",
        "details",
        "preferred_language",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "declined_at",
        "withdrawn_at",
        "registration",
    )
    exclude = ("token_hash",)

    @admin.display(description=_("answer"))
    def answer(self, invitation: DelegateInvitation) -> str:
        if invitation.accepted_at:
            return gettext("Accepted")
        if invitation.declined_at:
            return gettext("Declined")
        if invitation.withdrawn_at:
            return gettext("Withdrawn")
        return gettext("Expired") if invitation.is_expired else gettext("Pending")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

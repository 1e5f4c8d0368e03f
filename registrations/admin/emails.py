"""The admin of registration e-mails: which e-mail each change owed, read only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registrations.models.emails import RegistrationEmail


@admin.register(RegistrationEmail)
class RegistrationEmailAdmin(admin.ModelAdmin):
    """Which e-mail each change owed; its sending is the outbox row's (idm_portal.queue.outbox)."""

    list_display = (
        "registration",
        "invitation",
        "kind",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("kind", "outbound_email__status")
    list_select_related = (
        "registration__delegate",
        "registration__workshop",
        "invitation__workshop",
        "outbound_email",
    )
    search_fields = (
        "registration__delegate__family_name",
        "registration__delegate__user__email",
        "invitation__email",
    )
    fields = readonly_fields = (
        "registration",
        "invitation",
        "kind",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("status"), ordering="outbound_email__status")
    def status(self, email: RegistrationEmail) -> str:
        outbound = email.outbound_email
        return outbound.get_status_display() if outbound else "–"

    @admin.display(description=_("attempts"))
    def attempts(self, email: RegistrationEmail):
        return email.attempts

    @admin.display(description=_("sent at"), ordering="outbound_email__sent_at")
    def sent_at(self, email: RegistrationEmail):
        return email.sent_at

    def has_add_permission(self, request):
        return False

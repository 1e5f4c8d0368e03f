"""Which e-mail a change of a registration or an invitation owed: a link to the outbox row that
carries it (idm_portal.queue.outbox). Written only by registrations.services.common.owe_email.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from idm_portal.models import OutboundEmail
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration


class RegistrationEmail(models.Model):
    """Which e-mail a change of a registration (or an invitation) owed: a link to the outbox
    row (idm_portal.queue.outbox) that carries it, not a queue of its own. The outbox sends it after
    the commit, retries it and sweeps it; its status, attempts and time sent are the outbox
    row's. The link is emptied if that row is ever purged."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Registration received")
        ENDORSED = "endorsed", _("Registration endorsed")
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("Registration waitlisted")
        SEAT_OFFERED = "seat_offered", _("Seat offered")
        OFFER_LAPSED = "offer_lapsed", _("Seat offer lapsed")
        DECLINED = "declined", _("Registration declined")
        CANCELLED = "cancelled", _("Registration cancelled")
        CLAIM_ACCOUNT = "claim_account", _("Claim your account")
        INVITATION = "invitation", _("Invitation to register")

    Status = OutboundEmail.Status

    # About a registration, or (kind INVITATION) about an invitation: exactly one of the two.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("registration"),
    )
    invitation = models.ForeignKey(
        DelegateInvitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("invitation"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    outbound_email = models.OneToOneField(
        OutboundEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration_email",
        verbose_name=_("outbound e-mail"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration e-mail")
        verbose_name_plural = _("registration e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, invitation__isnull=True)
                | Q(registration__isnull=True, invitation__isnull=False),
                name="registration_email_about_registration_or_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.registration or self.invitation}"

    # What the outbox row says (None once the row is gone).
    @property
    def status(self) -> str | None:
        return self.outbound_email.status if self.outbound_email else None

    @property
    def attempts(self) -> int | None:
        return self.outbound_email.attempts if self.outbound_email else None

    @property
    def sent_at(self):
        return self.outbound_email.sent_at if self.outbound_email else None

"""A delegate's registration for one workshop, and the transition table of its status. Its
status changes only through registrations.services.lifecycle, which checks TRANSITIONS first.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registrations.models.delegations import Delegation
from registrations.models.profiles import DelegateProfile


class Registration(models.Model):
    """A delegate's registration for one workshop."""

    class Role(models.TextChoices):
        # The one stored fact of who heads a delegation. Named, replaced and dropped only by
        # registrations.services (registering.register, delegations.set_head_of_delegation,
        # the end of a registration in lifecycle); read through
        # registrations.selectors.delegations (is_head, head_of).
        HEAD_OF_DELEGATION = "head", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        ADVISER = "adviser", _("Adviser")
        OBSERVER = "observer", _("Observer")
        SPEAKER = "speaker", _("Speaker")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ENDORSED = "endorsed", _("Endorsed")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    delegate = models.ForeignKey(
        DelegateProfile,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("delegate"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("workshop"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("delegation"),
        help_text=_("Empty for observers, international organizations, NGOs and IOM."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.DELEGATE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    status_reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it was declined or cancelled, shown to the delegate."),
    )
    waitlist_priority = models.IntegerField(
        _("waitlist priority"),
        default=0,
        help_text=_("Higher comes first on the waitlist; equal priorities keep their order."),
    )
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("seat offer expires at"),
        null=True,
        blank=True,
        help_text=_("Set while a freed seat is held for this waitlisted delegate."),
    )
    # The letter's date: when the seat was first confirmed (services.lifecycle: confirm, a seat
    # offer taken); a letter made again later keeps it.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    # Statuses that hold a seat of the workshop.
    SEAT_STATUSES = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)
    # Statuses that end a registration: the delegate may register again afterwards.
    INACTIVE_STATUSES = (Status.CANCELLED, Status.DECLINED)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "workshop"],
                condition=~Q(status__in=["cancelled", "declined"]),
                name="one_active_registration_per_delegate_and_workshop",
                violation_error_message=_("You are already registered for this workshop."),
            ),
            # The head of a delegation is stored once, as the role of one registration; these two
            # back up the rule of services.delegations.may_be_head (one head, active, in a
            # delegation).
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role="head"),
                name="one_head_per_delegation",
                violation_error_code="one_head",
                violation_error_message=_("This delegation already has a head of delegation."),
            ),
            models.CheckConstraint(
                condition=~Q(role="head")
                | (Q(delegation__isnull=False) & ~Q(status__in=["cancelled", "declined"])),
                name="head_of_delegation_is_active_in_a_delegation",
                violation_error_code="head_not_eligible",
                violation_error_message=_(
                    "Only an active registration in a member state's delegation can be its head."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["workshop", "status", "waitlist_priority", "waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} – {self.workshop}"

    @property
    def is_active(self) -> bool:
        return self.status not in self.INACTIVE_STATUSES

    @property
    def has_seat_offer(self) -> bool:
        return self.status == self.Status.WAITLISTED and self.offer_expires_at is not None

    def clean(self) -> None:
        if self.role == self.Role.HEAD_OF_DELEGATION and not self.delegation_id:
            raise ValidationError(
                {"role": _("Only a member state's delegation has a head of delegation.")}
            )


Status = Registration.Status

# action -> (statuses it may start from, status it leads to). The services are the only code
# that changes a status, and each one checks this table first: anything else is refused.
# `confirm` leads to WAITLISTED instead when the workshop or the state's cap is full.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "endorse": (frozenset({Status.SUBMITTED}), Status.ENDORSED),
    "confirm": (
        frozenset({Status.SUBMITTED, Status.ENDORSED, Status.WAITLISTED}),
        Status.CONFIRMED,
    ),
    "waitlist": (frozenset({Status.SUBMITTED, Status.ENDORSED}), Status.WAITLISTED),
    "decline": (frozenset({Status.SUBMITTED, Status.ENDORSED, Status.WAITLISTED}), Status.DECLINED),
    "cancel": (
        frozenset({Status.SUBMITTED, Status.ENDORSED, Status.WAITLISTED, Status.CONFIRMED}),
        Status.CANCELLED,
    ),
    "withdraw": (
        frozenset({Status.SUBMITTED, Status.ENDORSED, Status.WAITLISTED, Status.CONFIRMED}),
        Status.CANCELLED,
    ),
    "accept_offer": (frozenset({Status.WAITLISTED}), Status.CONFIRMED),
    "mark_attended": (frozenset({Status.CONFIRMED, Status.NO_SHOW}), Status.ATTENDED),
    "mark_no_show": (frozenset({Status.CONFIRMED, Status.ATTENDED}), Status.NO_SHOW),
}

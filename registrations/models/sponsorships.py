"""Travel sponsorship of delegates from capitals: a workshop's sponsorship settings (the figures
a cost is estimated from, and the cap per state), the fares by departure region or city, staff's
eligibility overrides per workshop and state, and the sponsorship request itself (one per
registration). Written only by registrations.services.sponsorships; money only through
funding.services.commitments (the request keeps a link to its Commitment).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from idm_portal.fields import bounded_text_field
from registrations.models.lifecycle import Registration
from workshops.models import MemberState

CENT = Decimal("0.01")
MONEY = {"max_digits": 14, "decimal_places": 2}


class SponsorshipSettings(models.Model):
    """The figures staff set for one workshop's sponsorships, all in USD."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="sponsorship_settings",
        verbose_name=_("workshop"),
    )
    max_sponsored_per_state = models.PositiveSmallIntegerField(
        _("sponsored delegates per state"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("At most this many approved sponsorships per member state."),
    )
    dsa_rate = models.DecimalField(
        _("DSA rate per night (USD)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(CENT)],
        help_text=_("The daily subsistence allowance at the venue. Needed to estimate costs."),
    )
    terminal_expenses = models.DecimalField(
        _("terminal expenses (USD)"),
        **MONEY,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    travel_days = models.PositiveSmallIntegerField(
        _("travel days"),
        default=2,
        help_text=_("Nights paid besides the workshop's own days, for the journey."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sponsorship settings")
        verbose_name_plural = _("sponsorship settings")

    def __str__(self) -> str:
        return str(self.workshop)


class Airfare(models.Model):
    """An economy return fare to the workshop, from a city or (failing a city's own) from any
    city of a region."""

    sponsorship_settings = models.ForeignKey(
        SponsorshipSettings,
        on_delete=models.CASCADE,
        related_name="airfares",
        verbose_name=_("sponsorship settings"),
    )
    region = models.CharField(
        _("region"), max_length=10, choices=MemberState.Region.choices, blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("economy fare (USD)"), **MONEY, validators=[MinValueValidator(CENT)]
    )

    class Meta:
        verbose_name = _("airfare")
        verbose_name_plural = _("airfares")
        ordering = ["region", "city"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="sponsorship_airfare_amount_positive"
            ),
            models.CheckConstraint(
                condition=(Q(region="") & ~Q(city="")) | (~Q(region="") & Q(city="")),
                name="sponsorship_airfare_region_or_city",
                violation_error_message=_("Give either a region or a city."),
            ),
            models.UniqueConstraint(
                fields=["sponsorship_settings", "region"],
                condition=Q(city=""),
                name="sponsorship_airfare_one_per_region",
                violation_error_message=_("This region already has a fare."),
            ),
            models.UniqueConstraint(
                "sponsorship_settings",
                Lower("city"),
                condition=~Q(city=""),
                name="sponsorship_airfare_one_per_city",
                violation_error_message=_("This city already has a fare."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city or self.get_region_display()}: {self.amount} USD"


class SponsorshipEligibilityOverride(models.Model):
    """Staff's word on one member state's eligibility for one workshop, over the DAC list and
    the state's own override."""

    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="sponsorship_overrides",
        verbose_name=_("workshop"),
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.CASCADE,
        related_name="sponsorship_overrides",
        verbose_name=_("member state"),
    )
    eligible = models.BooleanField(_("eligible"))
    reason = models.CharField(_("reason"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sponsorship eligibility override")
        verbose_name_plural = _("sponsorship eligibility overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member_state"],
                name="one_sponsorship_override_per_workshop_and_state",
                violation_error_message=_("This state already has an override for this workshop."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_state} – {self.workshop}"


class Sponsorship(models.Model):
    """A delegate's request for travel sponsorship to the workshop of their registration."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        TICKET_ISSUED = "ticket_issued", _("Ticket issued")
        TRAVELLED = "travelled", _("Travelled")
        SETTLED = "settled", _("Settled")
        NO_SHOW = "no_show", _("Did not travel")

    # PROTECT: deleting a registration must not take its sponsorship with it and leave the
    # money committed for the trip (cancel the registration: that releases the funds).
    registration = models.OneToOneField(
        Registration,
        on_delete=models.PROTECT,
        related_name="sponsorship",
        verbose_name=_("registration"),
    )
    # The registration's workshop, kept here so that seats and per-state counts are one
    # indexed query under the workshop's lock.
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("workshop"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.REQUESTED
    )
    departure_city = models.CharField(_("city of departure"), max_length=100)
    departure_region = models.CharField(
        _("region of departure"), max_length=10, choices=MemberState.Region.choices
    )
    expertise = models.CharField(
        _("expertise on the workshop's subject"),
        max_length=300,
        help_text=_("In a sentence or two: your responsibilities on the subject."),
    )
    needs = bounded_text_field(
        _("needs"),
        max_length=1000,
        blank=True,
        help_text=_("Anything the travel arrangements should take into account."),
    )
    # The estimate, computed when the request is made (figures of the workshop's settings then)
    # and again when staff change the fare or the nights.
    estimated_fare = models.DecimalField(
        _("estimated fare (USD)"), **MONEY, validators=[MinValueValidator(CENT)]
    )
    actual_fare = models.DecimalField(
        _("actual fare (USD)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(CENT)],
        help_text=_("Set by staff: replaces the estimated fare in the cost."),
    )
    dsa_rate = models.DecimalField(
        _("DSA rate per night (USD)"), **MONEY, validators=[MinValueValidator(CENT)]
    )
    nights = models.PositiveSmallIntegerField(_("nights"), validators=[MinValueValidator(1)])
    terminal_expenses = models.DecimalField(
        _("terminal expenses (USD)"), **MONEY, validators=[MinValueValidator(Decimal("0.00"))]
    )
    estimated_cost = models.DecimalField(_("estimated cost (USD)"), **MONEY)
    actual_cost = models.DecimalField(
        _("actual cost (USD)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("What the trip cost in the end, recorded when it is settled."),
    )
    commitment = models.OneToOneField(
        "funding.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commitment of funds"),
    )
    decision_reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it was declined or waitlisted, shown to the delegate."),
    )
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    # Statuses that hold one of the workshop's sponsored seats (and its money).
    SEAT_STATUSES = (
        Status.APPROVED,
        Status.TICKET_ISSUED,
        Status.TRAVELLED,
        Status.SETTLED,
        Status.NO_SHOW,
    )
    OPEN_STATUSES = (Status.REQUESTED, Status.WAITLISTED)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0), name="sponsorship_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual_fare__isnull=True) | Q(actual_fare__gt=0),
                name="sponsorship_actual_fare_positive",
            ),
            models.CheckConstraint(
                condition=Q(estimated_fare__gt=0), name="sponsorship_estimated_fare_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["workshop", "status", "waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.registration.delegate} – {self.workshop}"

    @property
    def fare(self) -> Decimal:
        return self.actual_fare if self.actual_fare is not None else self.estimated_fare

    @property
    def dsa_amount(self) -> Decimal:
        return self.dsa_rate * self.nights

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

"""Delegates, their registrations for workshops, and the delegations that accredit them.

Every write goes through registrations.services; the models only hold fields, constraints and
the transition table of a registration's status.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from idm_portal.fields import bounded_text_field
from idm_portal.models import OutboundEmail
from registrations.validators import validate_note_verbale

# Passport details exist only for visa letters: they never enter the audit history, exports
# or logs, and only the delegate and staff holding `view_passport_details` see them.
PASSPORT_FIELDS = ("passport_number", "nationality", "date_of_birth", "passport_expiry")
# A delegate's account (e-mail), contact details and needs: seen by staff who may view
# profiles; staff who see registrations only (Finance) see names, states and roles.
PERSONAL_FIELDS = ("user", "gender", "work_phone", "accessibility_needs", "dietary_needs")
# Who the delegate speaks for: fixed while a registration is live, since the registration
# belongs to that state's delegation (registrations.selectors.representation_locked).
REPRESENTATION_FIELDS = ("participant_type", "member_state", "organisation")


class DelegateProfile(models.Model):
    """Who a delegate is, as the delegation lists and badges need it (one per user)."""

    class Title(models.TextChoices):
        MR = "mr", _("Mr")
        MS = "ms", _("Ms")
        MRS = "mrs", _("Mrs")
        DR = "dr", _("Dr")
        PROF = "prof", _("Prof.")
        HE = "he", _("H.E.")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class ParticipantType(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member state")
        OBSERVER_STATE = "observer_state", _("Observer state")
        INTERNATIONAL_ORGANIZATION = "io", _("International organization")
        NGO = "ngo", _("Non-governmental organization")
        IOM = "iom", _("IOM")

    class BasedIn(models.TextChoices):
        CAPITAL = "capital", _("Capital")
        PERMANENT_MISSION = "mission", _("Permanent Mission")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegate_profile",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=5, choices=Title.choices)
    family_name = models.CharField(
        _("family name"), max_length=100, help_text=_("As written in your passport.")
    )
    given_names = models.CharField(
        _("given names"), max_length=150, help_text=_("As written in your passport.")
    )
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; used only for the programme's gender-balance figures."),
    )
    participant_type = models.CharField(
        _("participating as"),
        max_length=15,
        choices=ParticipantType.choices,
        default=ParticipantType.MEMBER_STATE,
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("member state represented"),
    )
    organisation = models.CharField(
        _("organization"),
        max_length=200,
        blank=True,
        help_text=_("For international organizations and NGOs."),
    )
    position = models.CharField(_("position"), max_length=200)
    institution = models.CharField(_("ministry or institution"), max_length=200)
    based_in = models.CharField(
        _("based in"), max_length=10, choices=BasedIn.choices, default=BasedIn.CAPITAL
    )
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    accessibility_needs = bounded_text_field(_("accessibility needs"), max_length=1000, blank=True)
    dietary_needs = bounded_text_field(_("dietary needs"), max_length=500, blank=True)
    consent_to_public_listing = models.BooleanField(
        _("appear in the public list of participants"), default=False
    )
    wants_visa_letter = models.BooleanField(
        _("I need a visa invitation letter"),
        default=False,
        help_text=_("Then give your passport details: the letter needs them."),
    )
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    passport_expiry = models.DateField(_("passport expiry date"), null=True, blank=True)
    passport_entered_at = models.DateTimeField(
        _("passport details entered at"),
        null=True,
        blank=True,
        help_text=_(
            "When the passport details were last entered or changed; other edits of the "
            "profile leave it alone, so they never postpone the erasure."
        ),
    )
    passport_erased_at = models.DateTimeField(
        _("passport details erased at"),
        null=True,
        blank=True,
        help_text=_("When the portal last erased the passport details after a workshop."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=list(PASSPORT_FIELDS))

    class Meta:
        verbose_name = _("delegate profile")
        verbose_name_plural = _("delegate profiles")
        ordering = ["family_name", "given_names"]
        permissions = [("view_passport_details", _("Can see passport details"))]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name.upper()}".strip()

    @property
    def represents(self) -> str:
        """The state or organisation the delegate speaks for."""
        if self.member_state_id:
            return self.member_state.name
        return self.organisation

    @property
    def is_state_representative(self) -> bool:
        return self.participant_type in (
            self.ParticipantType.MEMBER_STATE,
            self.ParticipantType.OBSERVER_STATE,
        )

    @property
    def has_passport_details(self) -> bool:
        return bool(self.passport_number)

    def clean(self) -> None:
        errors = {}
        if self.is_state_representative and not self.member_state_id:
            errors["member_state"] = _("Choose the state you represent.")
        if not self.is_state_representative and self.member_state_id:
            errors["member_state"] = _("Leave the state empty when you represent an organization.")
        if (
            self.participant_type
            in (self.ParticipantType.INTERNATIONAL_ORGANIZATION, self.ParticipantType.NGO)
            and not self.organisation
        ):
            errors["organisation"] = _("Give the name of your organization.")
        if (
            self.date_of_birth
            and self.passport_expiry
            and self.passport_expiry <= self.date_of_birth
        ):
            errors["passport_expiry"] = _("The passport expires before the date of birth.")
        if self.wants_visa_letter:
            required = {
                "passport_number": _("Give your passport number for the visa letter."),
                "nationality": _("Give your nationality for the visa letter."),
                "date_of_birth": _("Give your date of birth for the visa letter."),
                "passport_expiry": _("Give your passport's expiry date for the visa letter."),
            }
            for field, message in required.items():
                if not getattr(self, field) and field not in errors:
                    errors[field] = message
        if errors:
            raise ValidationError(errors)


class FocalPoint(models.Model):
    """A user whom staff name to act for one member state (usually its Permanent Mission)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("member state"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named by"),
    )
    created_at = models.DateTimeField(_("named on"), auto_now_add=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["member_state__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.member_state})"


class Delegation(models.Model):
    """A member state's delegation to one workshop: the unit of accreditation. Its head is the
    registration in the role of head (registrations.selectors.head_of)."""

    class NoteVerbaleStatus(models.TextChoices):
        NONE = "none", _("Not uploaded")
        UPLOADED = "uploaded", _("Uploaded, awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("member state"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("workshop"),
    )
    note_verbale = models.FileField(
        _("note verbale"),
        upload_to="registrations/notes_verbales/%Y/",
        blank=True,
        validators=[validate_note_verbale],
        help_text=_("PDF, at most 5 MB."),
    )
    note_verbale_reference = models.CharField(_("reference number"), max_length=100, blank=True)
    note_verbale_date = models.DateField(_("date of the note verbale"), null=True, blank=True)
    note_verbale_status = models.CharField(
        _("note verbale"),
        max_length=10,
        choices=NoteVerbaleStatus.choices,
        default=NoteVerbaleStatus.NONE,
    )
    note_verbale_comment = models.CharField(
        _("comment on the note verbale"),
        max_length=300,
        blank=True,
        help_text=_("Why it was rejected, shown to the focal point."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_waived = models.BooleanField(
        _("note verbale waived"),
        default=False,
        help_text=_("Staff may confirm this delegation without a verified note verbale."),
    )
    cap = models.PositiveIntegerField(
        _("seat cap"),
        null=True,
        blank=True,
        help_text=_("Most confirmed seats this state may have at the workshop; empty: no cap."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["workshop", "member_state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "workshop"], name="one_delegation_per_state_and_workshop"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_state} – {self.workshop}"

    @property
    def is_cleared(self) -> bool:
        """Whether its delegates may be confirmed: note verbale verified, or waived by staff."""
        return self.is_waived or self.note_verbale_status == self.NoteVerbaleStatus.VERIFIED


class Registration(models.Model):
    """A delegate's registration for one workshop."""

    class Role(models.TextChoices):
        # The one stored fact of who heads a delegation. Named, replaced and dropped only by
        # registrations.services (register, set_head_of_delegation, the end of a registration);
        # read through registrations.selectors.is_head / head_of.
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
            # The head of a delegation is stored once, as the role of one registration; these
            # two back up the rule of services.may_be_head (one head, active, in a delegation).
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


S = Registration.Status

# action -> (statuses it may start from, status it leads to). The services are the only code
# that changes a status, and each one checks this table first: anything else is refused.
# `confirm` leads to WAITLISTED instead when the workshop or the state's cap is full.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "endorse": (frozenset({S.SUBMITTED}), S.ENDORSED),
    "confirm": (frozenset({S.SUBMITTED, S.ENDORSED, S.WAITLISTED}), S.CONFIRMED),
    "waitlist": (frozenset({S.SUBMITTED, S.ENDORSED}), S.WAITLISTED),
    "decline": (frozenset({S.SUBMITTED, S.ENDORSED, S.WAITLISTED}), S.DECLINED),
    "cancel": (frozenset({S.SUBMITTED, S.ENDORSED, S.WAITLISTED, S.CONFIRMED}), S.CANCELLED),
    "withdraw": (frozenset({S.SUBMITTED, S.ENDORSED, S.WAITLISTED, S.CONFIRMED}), S.CANCELLED),
    "accept_offer": (frozenset({S.WAITLISTED}), S.CONFIRMED),
    "mark_attended": (frozenset({S.CONFIRMED, S.NO_SHOW}), S.ATTENDED),
    "mark_no_show": (frozenset({S.CONFIRMED, S.ATTENDED}), S.NO_SHOW),
}


# What a focal point knows of a delegate it invites (DelegateInvitation.details); the delegate
# checks them when accepting and completes the rest (needs, passport details) afterwards.
INVITED_PROFILE_FIELDS = (
    "title",
    "family_name",
    "given_names",
    "gender",
    "position",
    "institution",
    "based_in",
    "work_phone",
)
# What the invited person sets on accepting: the invited details, and their own consent.
ACCEPTED_PROFILE_FIELDS = (*INVITED_PROFILE_FIELDS, "consent_to_public_listing")


class DelegateInvitation(models.Model):
    """A focal point's invitation to register someone as a delegate of its state.

    Registering on someone's behalf never touches an account: the person at the address
    accepts in their own session (then the profile and the endorsed registration are made) or
    declines. Only the SHA-256 of the link's secret is stored: the secret is drawn afresh each
    time the invitation e-mail is built (registrations.invitations.issue_token), so only the
    latest e-mail's link opens it."""

    email = models.EmailField(_("e-mail address"))
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.CASCADE,
        related_name="delegate_invitations",
        verbose_name=_("member state"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="delegate_invitations",
        verbose_name=_("workshop"),
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Registration.Role.choices,
        default=Registration.Role.DELEGATE,
    )
    details = models.JSONField(
        _("details given by the focal point"),
        default=dict,
        blank=True,
        help_text=_("The delegate profile as the focal point typed it; checked on acceptance."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent or renewed at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration made on acceptance"),
    )

    history = HistoricalRecords(excluded_fields=["token_hash"])

    PENDING = Q(accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True)

    class Meta:
        verbose_name = _("delegate invitation")
        verbose_name_plural = _("delegate invitations")
        ordering = ["-sent_at"]
        constraints = [
            # A second invitation of the same address renews the pending one (services).
            models.UniqueConstraint(
                fields=["email", "member_state", "workshop"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True)
                & Q(withdrawn_at__isnull=True),
                name="one_pending_invitation_per_email_state_workshop",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="unique_invitation_token_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.workshop}"

    @property
    def is_pending(self) -> bool:
        return not (self.accepted_at or self.declined_at or self.withdrawn_at)

    @property
    def is_expired(self) -> bool:
        return self.is_pending and self.expires_at <= timezone.now()

    @property
    def full_name(self) -> str:
        given = self.details.get("given_names", "")
        family = self.details.get("family_name", "")
        return f"{given} {family.upper()}".strip()

    def invited_profile(self) -> "DelegateProfile":
        """An unsaved profile with the invited details (for display and greetings)."""
        fields = {k: v for k, v in self.details.items() if k in INVITED_PROFILE_FIELDS}
        return DelegateProfile(
            participant_type=DelegateProfile.ParticipantType.MEMBER_STATE,
            member_state=self.member_state,
            **fields,
        )


class RegistrationEmail(models.Model):
    """Which e-mail a change of a registration (or an invitation) owed: a link to the outbox
    row (idm_portal.outbox) that carries it, not a queue of its own. The outbox sends it after
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


# Models kept by subject in their own module, registered with the app here.
from registrations.participants_lists.models import ParticipantsList  # noqa: E402, F401

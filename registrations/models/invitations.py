"""A focal point's invitation to register someone as a delegate of its state, and which profile
fields it carries. Written only by registrations.services.invitations.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile

# What a focal point knows of a delegate it invites (DelegateInvitation.details), including
# whether the delegate agreed to appear in the public list of participants; the delegate
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
    "consent_to_public_listing",
)
# What the invited person sets on accepting: the invited details, their consent ticked as the
# focal point said, which they confirm or untick (their consent is theirs to give).
ACCEPTED_PROFILE_FIELDS = INVITED_PROFILE_FIELDS


class DelegateInvitation(models.Model):
    """A focal point's invitation to register someone as a delegate of its state.

    Registering on someone's behalf never touches an account: the person at the address
    accepts in their own session (then the profile and the endorsed registration are made) or
    declines. Only the SHA-256 of the link's secret is stored: the secret is drawn afresh each
    time the invitation e-mail is built (registrations.services.invitations.issue_token), so
    only the latest e-mail's link opens it."""

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

    def invited_profile(self) -> DelegateProfile:
        """An unsaved profile with the invited details (for display and greetings)."""
        fields = {k: v for k, v in self.details.items() if k in INVITED_PROFILE_FIELDS}
        return DelegateProfile(
            participant_type=DelegateProfile.ParticipantType.MEMBER_STATE,
            member_state=self.member_state,
            **fields,
        )

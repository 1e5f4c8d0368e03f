"""A member state's delegation to a workshop: the unit of accreditation, with the note verbale
its focal point uploads once for all its delegates and staff verify, and the state's seat cap.
Written only by registrations.services.delegations (and made by the first registration).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registrations.validators import validate_note_verbale


class Delegation(models.Model):
    """A member state's delegation to one workshop: the unit of accreditation. Its head is the
    registration in the role of head (registrations.selectors.delegations.head_of)."""

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

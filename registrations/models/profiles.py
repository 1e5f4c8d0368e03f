"""Who a delegate is: the delegate profile (one per user), and which of its fields are personal
data or passport details, each seen only by those allowed (registrations.apps protects them).
Written only by registrations.services.profiles.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from idm_portal.fields import bounded_text_field

# Passport details exist only for visa letters: they never enter the audit history, exports
# or logs, and only the delegate and staff holding `view_passport_details` see them.
PASSPORT_FIELDS = ("passport_number", "nationality", "date_of_birth", "passport_expiry")
# A delegate's account (e-mail), contact details and needs: seen by staff who may view
# profiles; staff who see registrations only (Finance) see names, states and roles.
PERSONAL_FIELDS = ("user", "gender", "work_phone", "accessibility_needs", "dietary_needs")
# Who the delegate speaks for: fixed while a registration is live, since the registration
# belongs to that state's delegation (registrations.selectors.profiles.representation_locked).
REPRESENTATION_FIELDS = ("participant_type", "member_state", "organisation")

# A date of birth before it is a typing slip (1875 for 1975), never a delegate's.
EARLIEST_YEAR_OF_BIRTH = 1900


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
            return str(self.member_state)  # in the reader's language
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
        if self.date_of_birth and self.date_of_birth >= timezone.localdate():
            errors["date_of_birth"] = _("The date of birth must be in the past.")
        elif self.date_of_birth and self.date_of_birth.year < EARLIEST_YEAR_OF_BIRTH:
            errors["date_of_birth"] = _("Check the year of birth: it is before %(year)s.") % {
                "year": EARLIEST_YEAR_OF_BIRTH
            }
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

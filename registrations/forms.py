"""Forms of the delegate pages. They only collect input; registrations.services decides."""

import uuid

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from idm_portal.form_fields import DayMonthYearField, DayMonthYearWidget, part_names
from registrations.errors import RegistrationError
from registrations.models.invitations import ACCEPTED_PROFILE_FIELDS
from registrations.models.lifecycle import Registration
from registrations.models.profiles import PASSPORT_FIELDS, DelegateProfile
from workshops.forms import MemberStateChoiceField
from workshops.models import Workshop

PROFILE_FIELDS = (
    "title",
    "family_name",
    "given_names",
    "gender",
    "participant_type",
    "member_state",
    "organisation",
    "position",
    "institution",
    "based_in",
    "work_phone",
    "accessibility_needs",
    "dietary_needs",
    "consent_to_public_listing",
)

# A delegate names their own role; head of delegation is the focal point's choice.
SELF_ROLES = [
    (value, label)
    for value, label in Registration.Role.choices
    if value != Registration.Role.HEAD_OF_DELEGATION
]


def add_registration_error(form: forms.Form, error: RegistrationError) -> None:
    """Show a domain error next to its field, or above the form when the form has no such
    field."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def add_validation_error(form: forms.Form, error: ValidationError, *, other=None) -> None:
    """Show a model's ValidationError next to its fields: on `form`, or on `other` (a second
    form of the same page) when only that one has the field; above `form` otherwise."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, field_messages in errors.items():
        target = form
        if field not in form.fields and other is not None and field in other.fields:
            target = other
        target.add_error(field if field in target.fields else None, field_messages)


class RegistrationForm(forms.Form):
    role = forms.ChoiceField(label=_("Your role"), choices=SELF_ROLES)
    # One token per rendered form: a second POST of the same form is the same registration.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("role", Registration.Role.DELEGATE)
            self.initial.setdefault("submission", uuid.uuid4().hex)


PROFILE_WIDGETS = {
    "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
    "dietary_needs": forms.Textarea(attrs={"rows": 2}),
    # Day, month and year: a browser's own date input shows them in its locale's order.
    "date_of_birth": DayMonthYearWidget(autocomplete="bday"),
    "passport_expiry": DayMonthYearWidget(),
    "passport_number": forms.TextInput(attrs={"autocomplete": "off"}),
}
PROFILE_FIELD_CLASSES = {"date_of_birth": DayMonthYearField, "passport_expiry": DayMonthYearField}
# Every name the passport details are posted under (a date as its day, month and year), so
# that an error report hides them all.
PASSPORT_POST_NAMES = tuple(
    posted
    for name in PASSPORT_FIELDS
    for posted in (part_names(name) if name in PROFILE_FIELD_CLASSES else (name,))
)


class _ProfileFieldsForm(forms.Form):
    """The fields of a delegate profile, each checked on its own. The profile as a whole (the
    state for a state's delegate, passport details for a visa letter...) is checked by the
    service that saves it (registrations.services.profiles), whose errors the view puts back
    next to these fields: the form never builds or changes a profile."""

    profile_field_names: tuple[str, ...] = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                DelegateProfile,
                fields=self.profile_field_names,
                widgets=PROFILE_WIDGETS,
                field_classes=PROFILE_FIELD_CLASSES,
            )
        )
        self.fields["member_state"] = MemberStateChoiceField(
            queryset=self.fields["member_state"].queryset,
            label=self.fields["member_state"].label,
            help_text=self.fields["member_state"].help_text,
            required=False,  # required for a state's delegate only
        )


class DelegateProfileForm(_ProfileFieldsForm):
    """The delegate profile, asked with the first registration (no passport details here)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not self.is_bound:
            self.initial.setdefault("family_name", user.last_name)
            self.initial.setdefault("given_names", user.first_name)


class ProfileForm(_ProfileFieldsForm):
    """The delegate's own profile page: the profile, the language of the portal's e-mails and
    letters (the account's), and the passport details a visa letter needs (only when asked
    for; registrations.services.profiles clears them otherwise)."""

    profile_field_names = (*PROFILE_FIELDS, "wants_visa_letter", *PASSPORT_FIELDS)

    def __init__(self, *args, profile: DelegateProfile, locked_fields=(), **kwargs):
        initial = model_to_dict(profile, fields=self.profile_field_names)
        initial["preferred_language"] = profile.user.preferred_language
        kwargs.setdefault("initial", initial)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        language = get_user_model()._meta.get_field("preferred_language")
        self.fields["preferred_language"] = language.formfield()
        # Each language in its own name, as the language switcher shows them: whoever reads
        # Spanish better than English finds "Español".
        self.fields["preferred_language"].choices = [
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in language.choices
        ]
        for name in locked_fields:
            self.fields[name].disabled = True
            self.fields[name].help_text = _(
                "Fixed while you have a registration: cancel it to change whom you represent."
            )

    @property
    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS]

    @property
    def passport_fields(self):
        return [self[name] for name in PASSPORT_FIELDS]

    @property
    def shows_passport_fields(self) -> bool:
        """Whether the page opens the passport details: a visa letter is asked for (as saved,
        or ticked in the form sent back), or one of them has an error to show."""
        if self["wants_visa_letter"].value():
            return True
        return any(self[name].errors for name in ("wants_visa_letter", *PASSPORT_FIELDS))


class StaffRegistrationForm(forms.Form):
    """Staff register an existing delegate profile for a workshop (the admin's add page)."""

    delegate = forms.ModelChoiceField(
        label=_("Delegate"),
        queryset=DelegateProfile.objects.select_related("user", "member_state"),
        help_text=_("Search by name, e-mail, state or organization."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"), queryset=Workshop.objects.select_related("programme")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Registration.Role.choices, initial=Registration.Role.DELEGATE
    )

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            field = Registration._meta.get_field("delegate")
            widget = AutocompleteSelect(field, admin_site)
            widget.choices = self.fields["delegate"].choices  # only the chosen one is rendered
            self.fields["delegate"].widget = widget


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptInvitationForm(forms.Form):
    """The invited details, for the invited person to check and correct before accepting
    (asked only of someone without a delegate profile yet)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(DelegateProfile, fields=ACCEPTED_PROFILE_FIELDS))


class SponsorshipRequestForm(forms.Form):
    """A delegate's request for travel sponsorship (services.sponsorships.request_sponsorship)."""

    departure_city = forms.CharField(
        label=_("City of departure"),
        max_length=100,
        help_text=_("Usually your capital: the city your flight leaves from."),
    )
    expertise = forms.CharField(
        label=_("Your expertise on the workshop's subject"),
        max_length=300,
        help_text=_("In a sentence or two: your responsibilities on the subject."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    needs = forms.CharField(
        label=_("Needs (optional)"),
        max_length=1000,
        required=False,
        help_text=_("Anything the travel arrangements should take into account."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

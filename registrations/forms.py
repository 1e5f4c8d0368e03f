"""Forms of the delegate pages. They only collect input; registrations.services decides."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.errors import RegistrationError
from registrations.models import DelegateProfile, Registration

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


class RegistrationForm(forms.Form):
    role = forms.ChoiceField(label=_("Your role"), choices=SELF_ROLES)
    # One token per rendered form: a second POST of the same form is the same registration.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("role", Registration.Role.DELEGATE)
            self.initial.setdefault("submission", uuid.uuid4().hex)


class DelegateProfileForm(forms.ModelForm):
    """The delegate profile, asked with the first registration (no passport details here)."""

    class Meta:
        model = DelegateProfile
        fields = PROFILE_FIELDS
        widgets = {
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.instance.user = user
            if not self.is_bound:
                self.initial.setdefault("family_name", user.last_name)
                self.initial.setdefault("given_names", user.first_name)
        self.fields["member_state"].required = False


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

"""Forms of the focal point's delegation pages. They only collect input; registrations.services
decides (and its errors come back to the field they name)."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from idm_portal.form_fields import DayMonthYearField
from registrations.forms import SELF_ROLES
from registrations.models.invitations import INVITED_PROFILE_FIELDS
from registrations.models.profiles import DelegateProfile

# What a focal point knows of a delegate it invites; the delegate checks it on accepting and
# completes the rest (needs, passport details) afterwards.
ON_BEHALF_PROFILE_FIELDS = INVITED_PROFILE_FIELDS


class RegisterOnBehalfForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The delegate's own address: the invitation to confirm their registration goes there."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role in the delegation"),
        choices=SELF_ROLES,
        help_text=_("Name the head of delegation on the delegation board."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Language of the e-mails the portal sends the delegate."),
    )
    # One token per rendered form: a second POST of the same form is the same registration.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(DelegateProfile, fields=ON_BEHALF_PROFILE_FIELDS))
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        for name in ("family_name", "given_names"):
            self.fields[name].help_text = _("As written in the delegate's passport.")
        consent = self.fields["consent_to_public_listing"]
        consent.label = _("The delegate agrees to appear in the public list of participants")
        consent.help_text = _(
            "Tick it only if they told you so. Without it they are not named in the public "
            "list. They confirm or change it when they accept the invitation, and later in "
            "their profile."
        )
        self.order_fields(
            ["email", "role", *ON_BEHALF_PROFILE_FIELDS, "preferred_language", "submission"]
        )
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4().hex)
            self.initial.setdefault("based_in", DelegateProfile.BasedIn.CAPITAL)
            if language:
                self.initial.setdefault("preferred_language", language)

    def profile(self) -> dict:
        """The delegate profile's fields, as invitations.invite_delegate takes them."""
        return {name: self.cleaned_data[name] for name in ON_BEHALF_PROFILE_FIELDS}


class NoteVerbaleForm(forms.Form):
    # Field names are the model's, so that the services' errors land next to them.
    note_verbale = forms.FileField(
        label=_("Note verbale (PDF)"),
        help_text=_("A PDF file of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    note_verbale_reference = forms.CharField(
        label=_("Reference number"),
        max_length=100,
        help_text=_("As printed on the note verbale."),
    )
    note_verbale_date = DayMonthYearField(
        label=_("Date of the note verbale"),
        error_messages={"required": _("Enter the date of the note verbale.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        help_text=_("Shown to the delegate."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

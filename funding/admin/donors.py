import re

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from funding.models.donors import Donor

# Addresses may be typed one per line or pasted from an e-mail's "To:" line.
_SEPARATORS = re.compile(r"[\s,;]+")


class DonorForm(forms.ModelForm):
    """The donor's contacts by the e-mail addresses of their portal accounts. Finance links
    them without reading the list of every account (which holds delegates' names and
    addresses: it stays closed to Finance, roles.py), so no account picker: an address is
    typed, and one that no account uses is refused at the field with everything else kept."""

    contact_emails = forms.CharField(
        label=_("Contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The e-mail addresses of the portal accounts that log in to this donor's dashboard, "
            "one per line. Each person creates an account on the portal first."
        ),
    )

    class Meta:
        model = Donor
        # The admin takes its fields from DonorAdmin.fieldsets; never the contacts themselves.
        fields = ("name", "kind", "member_state", "is_publicly_named", "public_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["contact_emails"] = "\n".join(
                sorted(self.instance.contacts.values_list("email", flat=True))
            )

    def clean_contact_emails(self) -> list:
        typed = [part for part in _SEPARATORS.split(self.cleaned_data["contact_emails"]) if part]
        malformed = []
        for address in typed:
            try:
                validate_email(address)
            except ValidationError:
                malformed.append(address)
        wanted = {address.lower() for address in typed if address not in malformed}
        accounts = list(
            get_user_model()
            .objects.annotate(address=Lower("email"))
            .filter(address__in=wanted, is_active=True)
        )
        unknown = sorted(wanted - {account.address for account in accounts})
        # Both kinds of mistake said at once, so that one correction is enough.
        problems = []
        if malformed:
            problems.append(
                _("Not an e-mail address: %(addresses)s.") % {"addresses": ", ".join(malformed)}
            )
        if unknown:
            problems.append(
                _(
                    "No active portal account uses %(addresses)s. Ask the person to create an "
                    "account first, then add the address here."
                )
                % {"addresses": ", ".join(unknown)}
            )
        if problems:
            raise ValidationError(problems)
        return accounts


@admin.register(Donor)
class DonorAdmin(TranslationAdmin):
    form = DonorForm
    list_display = ("name", "kind", "member_state", "is_publicly_named", "pledge_count")
    list_filter = ("kind", "is_publicly_named")
    list_select_related = ("member_state",)
    search_fields = ("name", "public_name")
    autocomplete_fields = ("member_state",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "member_state")}),
        (_("Publicly"), {"fields": ("is_publicly_named", "public_name")}),
        (_("Contacts"), {"fields": ("contact_emails",)}),
        (_("For IOM staff"), {"fields": ("private_notes", "created_at", "updated_at")}),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.contacts.set(form.cleaned_data["contact_emails"])

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pledge_total=Count("pledges"))

    @admin.display(description=_("pledges"), ordering="pledge_total")
    def pledge_count(self, obj: Donor) -> int:
        return obj.pledge_total

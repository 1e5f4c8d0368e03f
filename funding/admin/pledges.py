"""Pledges, with their payments inline. A new pledge is recorded in state pledged; its
agreement signed, the action "Commit" makes it count; a changed amount, currency or rate is
saved as a revision (the history keeps the earlier one); payments are added, never edited, and
the pledge is paid when they reach its amount. Every save and action goes through
funding.services.pledges; bad input is refused at its field before anything is saved."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from funding.errors import FundingError
from funding.models.pledges import Payment, Pledge
from funding.money import currency_choices
from funding.selectors import pledges as pledges_selectors
from funding.services import pledges
from idm_portal.admin_history import HistoryAdmin
from workshops import dates
from workshops.admin import LabelledTabularInline, workshop_label

MONEY_FIELDS = ("amount", "currency", "rate_to_usd")
DETAIL_FIELDS = (
    "donor",
    "programme",
    "workshop",
    "pledge_date",
    "due_date",
    "agreement_reference",
    "conditions",
)


class PledgeForm(forms.ModelForm):
    # A text input checked against ISO 4217 (funding.money.validate_currency, at the field),
    # offered as a list of the currencies.
    currency = forms.CharField(
        label=_("currency"), max_length=3, widget=forms.Select(choices=currency_choices)
    )

    class Meta:
        model = Pledge
        fields = (*DETAIL_FIELDS[:3], *MONEY_FIELDS, *DETAIL_FIELDS[3:])

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.errors:
            refusal = pledges.revision_refusal(
                pledge=Pledge.objects.get(pk=self.instance.pk),
                amount=data.get("amount"),
                currency=data.get("currency"),
            )
            if refusal is not None:
                raise refusal.as_validation_error()
        return data


class PaymentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None and not self._new_payments():
            return
        new = self._new_payments()
        if not new:
            return
        if self.instance.pk is None:
            raise forms.ValidationError(
                gettext("Record the pledge and commit it before recording payments.")
            )
        stored = Pledge.objects.get(pk=self.instance.pk)
        stored.pledge_date = self.instance.pledge_date  # as the pledge's form now says
        refusal = pledges.payment_refusal(
            pledge=stored, payments=[(d["date"], d["amount"]) for d in new]
        )
        if refusal is not None:
            raise forms.ValidationError(str(refusal))

    def _new_payments(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.instance.pk is None
            and form.has_changed()
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("amount") is not None
        ]


class PaymentInline(LabelledTabularInline):
    """Payments are added, never changed or deleted: money received is a fact."""

    model = Payment
    formset = PaymentFormSet
    extra = 1
    fields = ("date", "amount", "reference", "amount_usd", "recorded_by")
    readonly_fields = ("amount_usd", "recorded_by")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        # Through the pledge: whoever may change pledges may record their payments.
        return request.user.has_perm("funding.change_pledge") and request.user.has_perm(
            "funding.add_payment"
        )


class EarmarkingFilter(admin.SimpleListFilter):
    title = _("earmarking")
    parameter_name = "earmarking"

    def lookups(self, request, model_admin):
        return [("programme", _("Whole programme")), ("workshop", _("Earmarked to a workshop"))]

    def queryset(self, request, queryset):
        if self.value() == "programme":
            return queryset.filter(workshop__isnull=True)
        if self.value() == "workshop":
            return queryset.filter(workshop__isnull=False)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                Q(status=Pledge.Status.COMMITTED) & Q(due_date__lt=dates.today())
            )
        return queryset


@admin.register(Pledge)
class PledgeAdmin(HistoryAdmin):
    form = PledgeForm
    inlines = [PaymentInline]
    list_display = (
        "donor",
        "earmarking",
        "amount_text",
        "amount_usd",
        "status",
        "pledge_date",
        "due_date",
        "is_overdue",
    )
    list_filter = (
        "status",
        "currency",
        EarmarkingFilter,
        ("workshop", admin.RelatedOnlyFieldListFilter),
        "programme",
        OverdueFilter,
        "donor__kind",
    )
    list_select_related = ("donor", "programme", "workshop")
    search_fields = ("donor__name", "agreement_reference")
    autocomplete_fields = ("donor", "programme", "workshop")
    date_hierarchy = "pledge_date"
    readonly_fields = (
        "amount_usd",
        "status",
        "paid_text",
        "is_overdue",
        "recorded_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("donor", "programme", "workshop")}),
        (_("Amount"), {"fields": (*MONEY_FIELDS, "amount_usd")}),
        (
            _("Agreement"),
            {"fields": ("pledge_date", "due_date", "agreement_reference", "conditions")},
        ),
        (
            _("State"),
            {
                "fields": (
                    "status",
                    "paid_text",
                    "is_overdue",
                    "recorded_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    actions = ["commit_selected", "cancel_selected"]
    history_list_display = ["status", "amount", "currency", "amount_usd"]

    def get_queryset(self, request):
        return pledges_selectors.with_paid(super().get_queryset(request))

    @admin.display(description=_("earmarking"), ordering="workshop__start_date")
    def earmarking(self, obj: Pledge) -> str:
        return workshop_label(obj.workshop) if obj.workshop_id else gettext("Whole programme")

    @admin.display(description=_("amount"), ordering="amount")
    def amount_text(self, obj: Pledge) -> str:
        return f"{number_format(obj.amount, decimal_pos=2, force_grouping=True)} {obj.currency}"

    @admin.display(description=_("received"))
    def paid_text(self, obj: Pledge) -> str:
        if obj.pk is None:
            return "–"
        paid = getattr(obj, "paid_amount", None)
        if paid is None:
            paid = pledges_selectors.paid_amount(obj)
        return f"{number_format(paid, decimal_pos=2, force_grouping=True)} {obj.currency}"

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, obj: Pledge) -> bool:
        return obj.pk is not None and obj.is_overdue()

    # --- saving through the services -----------------------------------------------------

    def save_model(self, request, obj: Pledge, form, change: bool) -> None:
        data = form.cleaned_data
        try:
            if not change:
                saved = pledges.record_pledge(
                    **{name: data.get(name) for name in (*DETAIL_FIELDS, *MONEY_FIELDS)},
                    by=request.user,
                )
            else:
                stored = Pledge.objects.get(pk=obj.pk)
                details = {n: data[n] for n in DETAIL_FIELDS if n in form.changed_data}
                saved = stored
                if details:
                    saved = pledges.change_pledge(pledge=stored, by=request.user, **details)
                if any(n in form.changed_data for n in MONEY_FIELDS):
                    saved = pledges.revise_pledge(
                        pledge=saved,
                        amount=data["amount"],
                        currency=data["currency"],
                        rate_to_usd=data["rate_to_usd"],
                        by=request.user,
                    )
        except FundingError as error:
            # Checked by the form already; changed by someone else meanwhile: nothing saved.
            request._funding_refused = True
            self.message_user(request, str(error), messages.ERROR)
            return
        for field in saved._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_formset(self, request, form, formset, change: bool) -> None:
        # Saved by the services, not formset.save(): the admin's change message reads these.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not Payment or getattr(request, "_funding_refused", False):
            return
        for data in formset._new_payments():
            try:
                pledges.record_payment(
                    pledge=form.instance,
                    date=data["date"],
                    amount=data["amount"],
                    reference=data.get("reference", ""),
                    by=request.user,
                )
            except FundingError as error:
                self.message_user(request, str(error), messages.ERROR)
                return

    # --- actions ----------------------------------------------------------------------------

    def _apply(self, request, queryset, change, done_message) -> None:
        done = 0
        for pledge in queryset:
            try:
                change(pledge=pledge, by=request.user)
                done += 1
            except FundingError as error:
                self.message_user(request, f"{pledge}: {error}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Commit (agreement signed)"), permissions=["change"])
    def commit_selected(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            pledges.commit_pledge,
            lambda n: ngettext("%(count)d pledge committed.", "%(count)d pledges committed.", n),
        )

    @admin.action(description=_("Cancel"), permissions=["change"])
    def cancel_selected(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            pledges.cancel_pledge,
            lambda n: ngettext("%(count)d pledge cancelled.", "%(count)d pledges cancelled.", n),
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a pledge is cancelled, never deleted: its history stays

"""The admin of travel sponsorship: each workshop's figures (DSA, terminal expenses, travel
days, fares, the cap per state), staff's eligibility overrides, and the requests. Decisions
(approve, waitlist, decline with a reason) are actions, one by one or in bulk, each request
through registrations.services.sponsorships, which says per request which rule stopped it; the
change page sets the nights and fare of an open request, the ticket's fare or the settled cost.
Money and audit fields are read only. Finance sees names, states and costs, never profiles.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm_portal.admin_history import HistoryAdmin
from registrations.errors import RegistrationError
from registrations.models.sponsorships import (
    Airfare,
    Sponsorship,
    SponsorshipEligibilityOverride,
    SponsorshipSettings,
)
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import sponsorships
from workshops.admin import workshop_label

Status = Sponsorship.Status


class AirfareInline(admin.TabularInline):
    model = Airfare
    extra = 1
    fields = ("region", "city", "amount")


@admin.register(SponsorshipSettings)
class SponsorshipSettingsAdmin(HistoryAdmin):
    list_display = (
        "workshop",
        "max_sponsored_per_state",
        "dsa_rate",
        "terminal_expenses",
        "travel_days",
    )
    list_select_related = ("workshop",)
    search_fields = ("workshop__title",)
    autocomplete_fields = ("workshop",)
    inlines = [AirfareInline]


@admin.register(SponsorshipEligibilityOverride)
class SponsorshipEligibilityOverrideAdmin(HistoryAdmin):
    list_display = ("member_state", "workshop", "eligible", "reason")
    list_filter = ("eligible", "workshop")
    list_select_related = ("member_state", "workshop")
    search_fields = ("member_state__name", "workshop__title")
    autocomplete_fields = ("workshop", "member_state")


class SponsorshipChangeForm(forms.ModelForm):
    class Meta:
        model = Sponsorship
        fields = ("nights", "actual_fare", "actual_cost")

    def clean_nights(self):
        nights = self.cleaned_data.get("nights")
        found = sponsorship_selectors.settings_for(self.instance.workshop)
        if nights is not None and found is not None and nights != self.instance.nights:
            try:
                sponsorship_selectors.check_nights(self.instance.workshop, found, nights)
            except RegistrationError as error:
                raise forms.ValidationError(error.message) from error
        return nights


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the delegate"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(Sponsorship)
class SponsorshipAdmin(HistoryAdmin):
    form = SponsorshipChangeForm
    list_display = (
        "delegate_name",
        "state",
        "workshop_short",
        "status",
        "departure_city",
        "estimated_cost",
        "committed",
        "created_at",
    )
    list_filter = (
        "workshop",
        "status",
        "registration__delegate__member_state__region",
        "registration__delegate__member_state__dac_category",
    )
    list_select_related = (
        "registration__delegate__member_state",
        "workshop",
        "commitment",
    )
    search_fields = (
        "registration__delegate__family_name",
        "registration__delegate__given_names",
        "registration__delegate__member_state__name",
        "departure_city",
    )
    fields = (
        "delegate_name",
        "state",
        "workshop",
        "status",
        "eligibility_now",
        "departure_city",
        "departure_region",
        "expertise",
        "needs",
        "estimated_fare",
        "actual_fare",
        "dsa_rate",
        "nights",
        "terminal_expenses",
        "estimated_cost",
        "committed",
        "actual_cost",
        "decision_reason",
        "decided_at",
        "decided_by",
        "created_at",
    )
    readonly_fields = tuple(
        name for name in fields if name not in ("nights", "actual_fare", "actual_cost")
    )
    actions = ["approve_selected", "waitlist_selected", "decline_selected", "no_show_selected"]
    history_list_display = ["status", "estimated_cost"]

    def has_add_permission(self, request) -> bool:
        return False  # delegates ask; staff decide

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # declined or cancelled, never deleted: the audit stays

    @admin.display(description=_("delegate"), ordering="registration__delegate__family_name")
    def delegate_name(self, obj: Sponsorship) -> str:
        profile = obj.registration.delegate
        return f"{profile.family_name.upper()} {profile.given_names}".strip()

    @admin.display(description=_("member state"))
    def state(self, obj: Sponsorship) -> str:
        return str(obj.registration.delegate.member_state or "–")

    @admin.display(description=_("workshop"), ordering="workshop__start_date")
    def workshop_short(self, obj: Sponsorship) -> str:
        return workshop_label(obj.workshop)

    @admin.display(description=_("committed (USD)"))
    def committed(self, obj: Sponsorship) -> Decimal | str:
        if obj.commitment is None or not obj.commitment.is_active:
            return "–"
        return obj.commitment.amount

    @admin.display(description=_("eligibility today"))
    def eligibility_now(self, obj: Sponsorship) -> str:
        verdict = sponsorship_selectors.eligibility(obj.registration)
        if verdict.is_eligible:
            return gettext("Eligible")
        return " ".join(reason.message for reason in verdict.reasons)

    # --- the change page: through the services ---------------------------------------------

    def save_model(self, request, obj, form, change):
        stored = Sponsorship.objects.get(pk=obj.pk)
        data = form.cleaned_data
        try:
            if stored.is_open:
                sponsorships.change_estimate(
                    sponsorship=stored,
                    by=request.user,
                    nights=data["nights"],
                    actual_fare=data.get("actual_fare"),
                )
            elif data.get("actual_cost") and data["actual_cost"] != stored.actual_cost:
                sponsorships.settle(
                    sponsorship=stored, by=request.user, actual_cost=data["actual_cost"]
                )
            elif data.get("actual_fare") and data["actual_fare"] != stored.actual_fare:
                sponsorships.issue_ticket(
                    sponsorship=stored, by=request.user, actual_fare=data["actual_fare"]
                )
        except RegistrationError as error:
            request._sponsorship_refused = True
            self.message_user(request, str(error), messages.ERROR)

    def response_change(self, request, obj):
        if getattr(request, "_sponsorship_refused", False):
            return redirect(request.path)
        return super().response_change(request, obj)

    def save_related(self, request, form, formsets, change):
        pass  # no related rows are edited here

    def log_change(self, request, obj, message):
        if not getattr(request, "_sponsorship_refused", False):
            super().log_change(request, obj, message)

    # --- decisions, one by one or in bulk ----------------------------------------------------

    def _run_on_each(self, request, queryset, service, done_message, **kwargs):
        done, refused = 0, []
        for sponsorship in queryset.select_related("registration__delegate").order_by(
            "created_at", "pk"
        ):
            try:
                service(sponsorship=sponsorship, by=request.user, **kwargs)
            except RegistrationError as error:
                refused.append(f"{sponsorship.registration.delegate}: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Approve (commits the funds)"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            sponsorships.approve,
            lambda n: (
                ngettext("%(count)d sponsorship approved.", "%(count)d sponsorships approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Put on the waitlist"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            sponsorships.waitlist,
            lambda n: (
                ngettext(
                    "%(count)d sponsorship waitlisted.", "%(count)d sponsorships waitlisted.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Mark as not travelled (no-show)"), permissions=["change"])
    def no_show_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            sponsorships.mark_no_show,
            lambda n: (
                ngettext("%(count)d no-show recorded.", "%(count)d no-shows recorded.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Decline, with a reason"), permissions=["change"])
    def decline_selected(self, request, queryset):
        """Asks the reason the delegates will read, then declines each selected request."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_on_each(
                request,
                queryset,
                sponsorships.decline,
                lambda n: (
                    ngettext(
                        "%(count)d sponsorship declined.", "%(count)d sponsorships declined.", n
                    )
                    % {"count": n}
                ),
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Decline travel sponsorship"),
            "form": form,
            "queryset": queryset.select_related("registration__delegate", "workshop"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registrations/sponsorship/decline.html", context)

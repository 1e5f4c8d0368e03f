"""The admin of registrations. Staff register a participant (add_view), correct a registration
(change page) and decide in bulk (actions), each through registrations.services, in
registration order; the head of delegation is named by an action, never by editing the role.
The export leaves passport details out; the per-workshop summary counts by region and gender."""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from idm_portal.admin_exports import TranslatedFieldsExportForm
from idm_portal.admin_history import HistoryAdmin
from idm_portal.guards.exports import SAFE_EXPORT_FORMATS
from registrations.errors import RegistrationError
from registrations.forms import StaffRegistrationForm
from registrations.models.lifecycle import Registration
from registrations.resources import RegistrationResource
from registrations.selectors import delegations as delegations_selectors
from registrations.selectors import lifecycle as lifecycle_selectors
from registrations.services import delegations, lifecycle, registering
from workshops.admin import workshop_label
from workshops.models import Workshop


@admin.register(Registration)
class RegistrationAdmin(ExportMixin, HistoryAdmin):
    resource_classes = [RegistrationResource]
    export_form_class = TranslatedFieldsExportForm
    export_formats = SAFE_EXPORT_FORMATS
    change_list_template = "admin/registrations/registration/change_list.html"
    # What deciding on registrations needs, readable at 1280 px beside the menu and the
    # filters: who, for whom, which workshop (short), role, status (with the waitlist
    # priority), since when. The e-mail is the name's tooltip for staff who may see profiles
    # (not Finance), and in the export.
    list_display = (
        "delegate_name",
        "represents",
        "workshop_short",
        "role",
        "status_text",
        "registered_on",
    )
    list_filter = (
        "workshop",
        "status",
        "role",
        ("delegate__member_state", admin.RelatedOnlyFieldListFilter),
        "delegate__member_state__region",
        "delegate__participant_type",
    )
    list_select_related = (
        "delegate__user",
        "delegate__member_state",
        "workshop",
    )
    search_fields = (
        "delegate__family_name",
        "delegate__given_names",
        "delegate__user__email",
        "delegate__member_state__name",
        "delegate__organisation",
    )
    date_hierarchy = "created_at"
    readonly_fields = (
        "delegate",
        "workshop",
        "delegation",
        "status",
        "waitlisted_at",
        "offer_expires_at",
        "registered_by",
        "created_at",
        "updated_at",
    )
    fields = (
        "delegate",
        "workshop",
        "delegation",
        "role",
        "status",
        "status_reason",
        "waitlist_priority",
        "waitlisted_at",
        "offer_expires_at",
        "registered_by",
        "created_at",
        "updated_at",
    )
    actions = ["confirm_selected", "waitlist_selected", "decline_selected", "make_head"]

    class Media:
        css = {"all": ["registrations/admin.css"]}

    history_list_display = ["status", "role"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "role" in form.base_fields:
            # The head of delegation is named by the action "Make head of delegation" (or on
            # the focal point's board), through delegations.set_head_of_delegation: the role
            # field offers the other roles only, and a head's role is shown, not edited.
            form.base_fields["role"].choices = [
                choice
                for choice in Registration.Role.choices
                if choice[0] != Registration.Role.HEAD_OF_DELEGATION
            ]
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and delegations_selectors.is_head(obj):
            return (*fields, "role")
        return fields

    def save_model(self, request, obj, form, change):
        """The change page saves through lifecycle.change_registration (the add page is
        add_view, through registering.register)."""
        if not change:
            raise PermissionDenied
        stored = Registration.objects.get(pk=obj.pk)
        data = form.cleaned_data
        try:
            lifecycle.change_registration(
                registration=stored,
                by=request.user,
                role=data.get("role", stored.role),
                status_reason=data["status_reason"],
                waitlist_priority=data["waitlist_priority"],
            )
        except RegistrationError as error:
            # E.g. named head on the board while this page was open: nothing is changed.
            request._registration_refused = True
            self.message_user(request, str(error), messages.ERROR)

    def response_change(self, request, obj):
        if getattr(request, "_registration_refused", False):
            return redirect(request.path)
        return super().response_change(request, obj)

    def has_export_permission(self, request) -> bool:
        # The export holds e-mails, phones and needs: for staff who may see profiles.
        return super().has_export_permission(request) and request.user.has_perm(
            "registrations.view_delegateprofile"
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Staff register a participant (a speaker, an IOM colleague, a delegate who wrote in)
        through registering.register, like every other registration: the admin's own add form
        would bypass the capacity, delegation and one-registration rules."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StaffRegistrationForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                registration = registering.register(
                    delegate=form.cleaned_data["delegate"],
                    workshop=form.cleaned_data["workshop"],
                    role=form.cleaned_data["role"],
                    registered_by=request.user,
                )
            except RegistrationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                self.log_addition(request, registration, [{"added": {}}])
                self.message_user(
                    request,
                    gettext("%(delegate)s is registered for %(workshop)s.")
                    % {"delegate": registration.delegate, "workshop": registration.workshop},
                    messages.SUCCESS,
                )
                return redirect("admin:registrations_registration_change", registration.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Register a participant"),
            "form": form,
            "media": self.media + form.media,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/registrations/registration/register_form.html", context, status=status
        )

    @admin.display(description=_("delegate"), ordering="delegate__family_name")
    def delegate_name(self, obj: Registration) -> str:
        """'OTIENO Brian': the family name first, as the list is sorted."""
        profile = obj.delegate
        return f"{profile.family_name.upper()} {profile.given_names}".strip()

    @admin.display(description=_("delegate"), ordering="delegate__family_name")
    def delegate_with_email(self, obj: Registration) -> str:
        return format_html(
            '<span title="{}">{}</span>', obj.delegate.user.email, self.delegate_name(obj)
        )

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if not request.user.has_perm("registrations.view_delegateprofile"):
            return shown
        return [name if name != "delegate_name" else "delegate_with_email" for name in shown]

    @admin.display(description=_("represents"), ordering="delegate__member_state__name")
    def represents(self, obj: Registration) -> str:
        return obj.delegate.represents

    @admin.display(description=_("workshop"), ordering="workshop__start_date")
    def workshop_short(self, obj: Registration) -> str:
        return workshop_label(obj.workshop)

    @admin.display(description=_("status"), ordering="status")
    def status_text(self, obj: Registration) -> str:
        if obj.status == Registration.Status.WAITLISTED and obj.waitlist_priority:
            return gettext("%(status)s (priority %(priority)d)") % {
                "status": obj.get_status_display(),
                "priority": obj.waitlist_priority,
            }
        return obj.get_status_display()

    @admin.display(description=_("registered at"), ordering="created_at")
    def registered_on(self, obj: Registration) -> str:
        when = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            when.isoformat(),
            formats.date_format(when, "DATETIME_FORMAT"),
            formats.date_format(when, "j M Y"),
        )

    # --- bulk actions: each registration goes through the service, in registration order --

    def _run_on_each(self, request, queryset, service):
        outcomes: dict[str, int] = {}
        refused: list[str] = []
        for registration in queryset.order_by("created_at", "pk"):
            try:
                service(registration=registration, by=request.user)
            except RegistrationError as error:
                refused.append(f"{registration.delegate}: {error}")
            else:
                outcomes[registration.status] = outcomes.get(registration.status, 0) + 1
        return outcomes, refused

    def _report_outcomes(self, request, outcomes, refused):
        confirmed = outcomes.get(Registration.Status.CONFIRMED, 0)
        waitlisted = outcomes.get(Registration.Status.WAITLISTED, 0)
        declined = outcomes.get(Registration.Status.DECLINED, 0)
        if confirmed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration confirmed.",
                    "%(count)d registrations confirmed.",
                    confirmed,
                )
                % {"count": confirmed},
                messages.SUCCESS,
            )
        if waitlisted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration waitlisted.",
                    "%(count)d registrations waitlisted.",
                    waitlisted,
                )
                % {"count": waitlisted},
                messages.WARNING,
            )
        if declined:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration declined.",
                    "%(count)d registrations declined.",
                    declined,
                )
                % {"count": declined},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration not changed: %(reasons)s",
                    "%(count)d registrations not changed: %(reasons)s",
                    len(refused),
                )
                % {"count": len(refused), "reasons": "; ".join(refused[:10])},
                messages.ERROR,
            )

    @admin.action(description=_("Confirm (waitlist beyond capacity)"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._report_outcomes(request, *self._run_on_each(request, queryset, lifecycle.confirm))

    @admin.action(description=_("Put on the waitlist"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        self._report_outcomes(request, *self._run_on_each(request, queryset, lifecycle.waitlist))

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline_selected(self, request, queryset):
        self._report_outcomes(request, *self._run_on_each(request, queryset, lifecycle.decline))

    @admin.action(description=_("Make head of delegation"), permissions=["change"])
    def make_head(self, request, queryset):
        """Name each selected registration head of its delegation, through the service."""
        selected = list(queryset.select_related("delegation", "delegate"))
        per_delegation = Counter(registration.delegation_id for registration in selected)
        named, refused = [], []
        for registration in selected:
            if registration.delegation is None:
                error = gettext("Only a member state's delegation has a head of delegation.")
            elif per_delegation[registration.delegation_id] > 1:
                error = gettext("A delegation has one head: select one registration of it.")
            else:
                try:
                    delegations.set_head_of_delegation(
                        delegation=registration.delegation,
                        registration=registration,
                        by=request.user,
                    )
                except RegistrationError as refusal:
                    error = str(refusal)
                else:
                    named.append(str(registration.delegate))
                    continue
            refused.append(f"{registration.delegate}: {error}")
        if named:
            self.message_user(
                request,
                gettext("Now head of delegation: %(names)s.") % {"names": ", ".join(named)},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    # --- per-workshop summary ------------------------------------------------------------

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [
            path(
                "summary/",
                self.admin_site.admin_view(self.summary_index_view),
                name="registrations_registration_summary_index",
            ),
            path(
                "summary/<int:workshop_id>/",
                summary,
                name="registrations_registration_summary",
            ),
            *super().get_urls(),
        ]

    def summary_index_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Registration summary by workshop"),
            "workshops": Workshop.objects.select_related("programme").order_by("-start_date"),
        }
        return TemplateResponse(
            request, "admin/registrations/registration/summary_index.html", context
        )

    def summary_view(self, request, workshop_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        workshop = get_object_or_404(Workshop, pk=workshop_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Registrations for %(workshop)s") % {"workshop": workshop.title},
            "summary": lifecycle_selectors.workshop_summary(workshop),
            "changelist_url": reverse("admin:registrations_registration_changelist")
            + f"?workshop__id__exact={workshop.pk}",
        }
        return TemplateResponse(request, "admin/registrations/registration/summary.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        workshop_id = request.GET.get("workshop__id__exact")
        if workshop_id and workshop_id.isdigit():
            extra_context["summary_url"] = reverse(
                "admin:registrations_registration_summary", args=[int(workshop_id)]
            )
        else:
            extra_context["summary_url"] = reverse("admin:registrations_registration_summary_index")
        return super().changelist_view(request, extra_context=extra_context)

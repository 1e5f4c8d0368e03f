"""The admin of delegations: the head and the seat cap are shown, the cap set; the note
verbale is verified, rejected or waived by actions calling registrations.services.delegations.
A delegation comes into being with its first registration, never here."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm_portal.admin_history import HistoryAdmin
from registrations.errors import RegistrationError
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.selectors import delegations as delegations_selectors
from registrations.services import delegations
from workshops.admin import workshop_label


def verified_message(count: int) -> str:
    return ngettext(
        "%(count)d note verbale verified.", "%(count)d notes verbales verified.", count
    ) % {"count": count}


def rejected_message(count: int) -> str:
    return ngettext(
        "%(count)d note verbale rejected.", "%(count)d notes verbales rejected.", count
    ) % {"count": count}


def waived_message(count: int) -> str:
    return ngettext(
        "Note verbale waived for %(count)d delegation.",
        "Note verbale waived for %(count)d delegations.",
        count,
    ) % {"count": count}


@admin.register(Delegation)
class DelegationAdmin(HistoryAdmin):
    # Verifying notes verbales at 1280 px: the state, the workshop (short), the note's state
    # (waived or not, in one word), the head and how many are registered; the reference and
    # the file are on the change page.
    list_display = (
        "state",
        "workshop_short",
        "note_verbale_state",
        "head",
        "active_count",
        "cap",
    )
    list_filter = ("workshop", "note_verbale_status", "is_waived", "member_state__region")
    list_select_related = ("member_state", "workshop")
    search_fields = ("member_state__name", "note_verbale_reference")
    readonly_fields = (
        "member_state",
        "workshop",
        "head",
        "note_verbale_file",
        "note_verbale_reference",
        "note_verbale_date",
        "note_verbale_status",
        "verified_by",
        "verified_at",
        "is_waived",
        "created_at",
    )
    fields = (
        readonly_fields[:3]
        + ("cap",)
        + readonly_fields[3:8]
        + ("note_verbale_comment",)
        + (readonly_fields[8:])
    )
    actions = ["verify_selected", "reject_selected", "waive_selected"]

    class Media:
        css = {"all": ["registrations/admin.css"]}

    def has_add_permission(self, request):
        return False  # a delegation comes into being with its first registration

    def get_queryset(self, request):
        return delegations_selectors.with_heads(
            super()
            .get_queryset(request)
            .annotate(
                active_total=Count(
                    "registrations",
                    filter=~Q(registrations__status__in=Registration.INACTIVE_STATUSES),
                )
            )
        )

    @admin.display(description=_("member state"), ordering="member_state__name")
    def state(self, obj: Delegation) -> str:
        # A column of its own, not the foreign key's: the admin never wraps those, and a
        # state's name can be long ("Bolivia (Plurinational State of)").
        return str(obj.member_state)  # in the reader's language

    @admin.display(description=_("workshop"), ordering="workshop__start_date")
    def workshop_short(self, obj: Delegation) -> str:
        return workshop_label(obj.workshop)

    @admin.display(description=_("note verbale"), ordering="note_verbale_status")
    def note_verbale_state(self, obj: Delegation) -> str:
        Status = Delegation.NoteVerbaleStatus
        if obj.note_verbale_status == Status.VERIFIED:
            return gettext("Verified")
        if obj.is_waived:
            return gettext("Waived")
        return {
            Status.NONE: gettext("Not uploaded"),
            Status.UPLOADED: gettext("To verify"),
            Status.REJECTED: gettext("Rejected"),
        }.get(obj.note_verbale_status, obj.get_note_verbale_status_display())

    @admin.display(description=_("head"))
    def head(self, obj: Delegation) -> str:
        head = delegations_selectors.head_of(obj)
        if head is None:
            return "–"
        return f"{head.delegate.family_name.upper()} {head.delegate.given_names}".strip()

    @admin.display(description=_("registered"), ordering="active_total")
    def active_count(self, obj: Delegation) -> int:
        return obj.active_total

    @admin.display(description=_("note verbale"))
    def note_verbale_file(self, obj: Delegation) -> str:
        if not obj.note_verbale:
            return gettext("Not uploaded")
        # Served by a view that checks who asks (MEDIA_URL is not served).
        url = reverse("registrations:staff_note_verbale_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the note verbale (PDF)"))

    def _run_on_each(self, request, queryset, service, done_message, **kwargs):
        """Call `service` for each selected delegation; report how many it did (`done_message`
        takes the count and returns the sentence, in its plural), and each refusal."""
        done, refused = 0, []
        for delegation in queryset:
            try:
                service(delegation=delegation, by=request.user, **kwargs)
            except RegistrationError as error:
                refused.append(f"{delegation}: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Verify the note verbale"), permissions=["change"])
    def verify_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            delegations.verify_note_verbale,
            verified_message,
        )

    @admin.action(description=_("Reject the note verbale"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            delegations.reject_note_verbale,
            rejected_message,
            comment="",
        )

    @admin.action(description=_("Waive the note verbale"), permissions=["change"])
    def waive_selected(self, request, queryset):
        self._run_on_each(
            request,
            queryset,
            delegations.waive_note_verbale,
            waived_message,
        )

"""What the list of participants adds to the workshop admin (registered through
workshops.hooks by registrations.workshop_hooks): its published state as a column, a filter
and a read-only field, the state of its generated files, and the actions that generate,
publish and unpublish it. Each function takes the workshop, as workshops.hooks asks."""

from django.conf import settings
from django.contrib import admin, messages
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm_portal.files import registry
from registrations.participants_lists import PARTICIPANTS_KINDS, selectors, services
from registrations.participants_lists.models import ParticipantsList


@admin.display(
    description=_("list public"),  # short: the workshops' list is read at 1280 px
    boolean=True,
    ordering="participants_list__is_published",
)
def participants_list_published(workshop) -> bool:
    return selectors.is_published(workshop)


class PublishedFilter(admin.SimpleListFilter):
    """Yes / No, under the name and in the URL the workshop's own field had."""

    title = _("list of participants published")
    parameter_name = "participants_list_published__exact"

    def lookups(self, request, model_admin):
        return (("1", _("Yes")), ("0", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(participants_list__is_published=True)
        if self.value() == "0":
            return queryset.exclude(participants_list__is_published=True)
        return queryset


@admin.display(description=_("list of participants published"))
def published_state(workshop) -> str:
    try:
        row = workshop.participants_list
    except ParticipantsList.DoesNotExist:
        row = None
    answer = gettext("Yes") if row is not None and row.is_published else gettext("No")
    if row is None or row.changed_at is None:
        return answer
    changed = formats.date_format(row.changed_at, "DATETIME_FORMAT")
    if row.changed_by is None:
        return gettext("%(answer)s (since %(date)s)") % {"answer": answer, "date": changed}
    return gettext("%(answer)s (since %(date)s, by %(name)s)") % {
        "answer": answer,
        "date": changed,
        "name": row.changed_by.get_full_name() or row.changed_by.email,
    }


@admin.display(description=_("generated files"))
def participants_files_status(workshop) -> str:
    if not workshop.pk:
        return "–"
    rows = list(selectors.participants_files(workshop))
    if not rows:
        return gettext(
            "None yet: choose “Generate the lists of participants” in the list of workshops."
        )
    languages = dict(settings.LANGUAGES)
    lines = []
    for row in rows:
        parts = [
            format_html(
                "{} – {}: <strong>{}</strong>",
                registry.label_for(row.kind),
                languages.get(row.language, row.language),
                row.get_state_display(),
            )
        ]
        if row.file:  # /files/…: the staff version only to staff who may see registrations
            parts.append(
                format_html('<a href="{}">{}</a>', row.get_download_url(), gettext("Download"))
            )
        if row.error:
            parts.append(format_html('<span class="errornote">{}</span>', row.error))
        lines.append(format_html_join(" · ", "{}", ((part,) for part in parts)))
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    )


@admin.action(description=_("Generate the lists of participants"), permissions=["change"])
def generate_participants_lists(modeladmin, request, queryset) -> None:
    workshops = list(queryset.select_related("programme"))
    files = services.request_participants_lists(
        workshops=workshops, kinds=PARTICIPANTS_KINDS, force=True
    )
    modeladmin.message_user(request, generating_message(len(workshops), files), messages.SUCCESS)


def generating_message(workshops: int, files: int) -> str:
    """'The lists of participants of 1 workshop are being made (12 files).'"""
    files_text = ngettext("%(count)d file", "%(count)d files", files) % {"count": files}
    return ngettext(
        "The lists of participants of %(count)d workshop are being made (%(files)s).",
        "The lists of participants of %(count)d workshops are being made (%(files)s).",
        workshops,
    ) % {"count": workshops, "files": files_text}


@admin.action(description=_("Publish the list of participants"), permissions=["change"])
def publish_participants_list(modeladmin, request, queryset) -> None:
    count = services.publish_participants_lists(
        workshops=queryset.select_related("programme"), by=request.user
    )
    modeladmin.message_user(
        request,
        ngettext(
            "The list of participants of %(count)d workshop is public.",
            "The lists of participants of %(count)d workshops are public.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish the list of participants"), permissions=["change"])
def unpublish_participants_list(modeladmin, request, queryset) -> None:
    count = services.unpublish_participants_lists(workshops=queryset, by=request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "The list of participants of %(count)d workshop is no longer public.",
            "The lists of participants of %(count)d workshops are no longer public.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )

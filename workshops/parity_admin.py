"""The admin side of parity before publishing (workshops/parity.py): the reason field and its
record on the workshop and document pages, the agenda's check as submitted, and the staff page
that lists every missing translation of published content."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workshops import parity

WAIVER_FIELDS = ("translation_waiver_reason", "translation_waiver_record")


class WaiverAdminMixin:
    """Shows the reason to publish without all translations and who gave it, and records
    them when the reason changes."""

    @admin.display(description=_("recorded"))
    def translation_waiver_record(self, obj) -> str:
        if not obj or not obj.translation_waiver_reason:
            return "—"
        return gettext("by %(user)s on %(when)s") % {
            "user": obj.translation_waiver_by or "—",
            "when": formats.date_format(obj.translation_waiver_at, "DATETIME_FORMAT")
            if obj.translation_waiver_at
            else "—",
        }

    def stamp_waiver(self, request, obj, form) -> None:
        if "translation_waiver_reason" in form.changed_data:
            parity.stamp_waiver(obj, user=request.user)


class AgendaParityFormSet(BaseInlineFormSet):
    """The agenda as submitted decides whether the workshop may open (the workshop form leaves
    the agenda to this formset: see Workshop.clean)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # Each valid form's instance holds the submitted values (new items only if filled in).
        items = [
            form.instance
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        if refusal := parity.opening_refusal(self.instance, items):
            raise ValidationError(str(refusal))


def translations_report_view(model_admin, request):
    """Every missing translation of published content, per language (the staff page)."""
    gaps = parity.report()
    by_language = [
        {
            "code": code,
            "name": parity.language_name(code),
            "gaps": [gap for gap in gaps if gap.language == code],
        }
        for code in parity.OTHER_LANGUAGES
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Missing translations of published content"),
        "by_language": by_language,
        "unwaived_count": len(parity.unwaived(gaps)),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/workshops/missing_translations.html", context)

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idm_portal.files.selectors import generated_file_for
from idm_portal.models import GeneratedFile
from workshops import services
from workshops.markdown import MarkdownError, render_body
from workshops.models import Document, MemberState
from workshops.parity_admin import WAIVER_FIELDS, WaiverAdminMixin
from workshops.renderers import DOCUMENT_PDF


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "country",
        "status",
        "admission_year",
        "region",
        "dac_category",
        "is_eligible_override",
    )
    list_filter = ("status", "region", "dac_category", "is_eligible_override")
    search_fields = ("name", "country")
    ordering = ("name",)
    readonly_fields = ("source",)


@admin.register(Document)
class DocumentAdmin(WaiverAdminMixin, admin.ModelAdmin):
    list_display = (
        "symbol",
        "language",
        "title",
        "kind",
        "date",
        "programme",
        "visibility",
        "pdf_state",
    )
    list_filter = ("kind", "language", "visibility", "programme")
    list_select_related = ("programme", "workshop")
    search_fields = ("symbol", "title", "subtitle", "body")
    autocomplete_fields = ("programme", "workshop")
    date_hierarchy = "date"
    readonly_fields = (
        "pdf_status",
        "preview",
        "created_at",
        "updated_at",
        "translation_waiver_record",
    )
    actions = ["generate_pdf"]
    fieldsets = (
        (None, {"fields": ("symbol", "kind", "title", "subtitle", "visibility", *WAIVER_FIELDS)}),
        (_("Language"), {"fields": ("language", "original_language")}),
        (_("Place and date"), {"fields": ("place", "date", "programme", "workshop")}),
        (_("Text"), {"fields": ("body",)}),
        (_("Result"), {"fields": ("pdf_status", "preview", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        # The PDF's state in the same query as the rows, not one query per row.
        pdf_state = GeneratedFile.objects.filter(
            kind=DOCUMENT_PDF,
            content_type=ContentType.objects.get_for_model(Document),
            object_id=OuterRef("pk"),
            language=OuterRef("language"),
        ).values("state")[:1]
        return super().get_queryset(request).annotate(pdf_state_value=Subquery(pdf_state))

    def _pdf_for(self, obj: Document):
        return generated_file_for(obj, DOCUMENT_PDF, obj.language)

    @admin.display(description=_("PDF"), ordering="pdf_state_value")
    def pdf_state(self, obj: Document) -> str:
        value = getattr(obj, "pdf_state_value", None)
        return GeneratedFile.State(value).label if value else "—"

    @admin.display(description=_("PDF"))
    def pdf_status(self, obj: Document) -> str:
        row = self._pdf_for(obj) if obj.pk else None
        if row is None:
            return _("Not made yet: it is made when the document is saved.")
        parts = [format_html("<strong>{}</strong>", row.get_state_display())]
        if row.file:
            parts.append(
                format_html('<a href="{}">{}</a>', row.get_download_url(), _("Download the PDF"))
            )
        if row.error:
            parts.append(format_html('<span class="errornote">{}</span>', row.error))
        return format_html_join(" · ", "{}", ((part,) for part in parts))

    @admin.display(description=_("Preview"))
    def preview(self, obj: Document) -> str:
        if not obj.pk or not obj.body:
            return "—"
        try:
            html = render_body(obj.body, language=obj.language)
        except MarkdownError as exc:
            return format_html('<span class="errornote">{}</span>', str(exc))
        # render_body sanitises its output (nh3): no script or event handler gets through.
        safe_html = mark_safe(html)  # noqa: S308
        return format_html(
            '<div class="document-preview" style="max-width:48rem">{}</div>', safe_html
        )

    def save_model(self, request, obj: Document, form, change: bool) -> None:
        self.stamp_waiver(request, obj, form)
        services.save_document(document=obj)

    @admin.action(description=_("Generate PDF"))
    def generate_pdf(self, request, queryset) -> None:
        count = services.generate_pdfs(documents=queryset.select_related("programme"))
        self.message_user(
            request,
            ngettext(
                "A new PDF of %(count)d document is being made.",
                "New PDFs of %(count)d documents are being made.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

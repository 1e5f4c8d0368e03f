from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idm_portal.files import services
from idm_portal.models import GeneratedFile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "content_object_link",
        "language",
        "state",
        "attempts",
        "requested_at",
        "finished_at",
    )
    list_filter = ("state", "kind", "language")
    list_select_related = ("content_type",)
    search_fields = ("kind", "error")
    date_hierarchy = "requested_at"
    actions = ["make_again"]
    # The file goes out through /files/<id>/<name> (its kind's permission check), never as a
    # MEDIA_URL link, so the raw `file` field is replaced by `download`.
    readonly_fields = [
        field.name for field in GeneratedFile._meta.fields if field.name != "file"
    ] + ["download", "content_object_link"]
    exclude = ["file"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("file"))
    def download(self, obj: GeneratedFile) -> str:
        if not obj.file:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.filename)

    @admin.display(description=_("made from"))
    def content_object_link(self, obj: GeneratedFile) -> str:
        return f"{obj.content_type.name} #{obj.object_id}"

    @admin.action(description=_("Make these files again"), permissions=["view"])
    def make_again(self, request, queryset) -> None:
        count = 0
        for row in queryset:
            target = row.content_object
            if target is not None:
                services.request_file(target, row.kind, row.language, force=True)
                count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d file is being made again.",
                "%(count)d files are being made again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm_portal.files import registry, services
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


class KindFilter(admin.SimpleListFilter):
    """The kinds by the labels their apps registered (idm_portal.files.registry)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return registry.kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    # Readable at 1280 px: what, of what, in which language, its state and when it was asked
    # for; attempts, errors and times are on each file's page.
    list_display = ("kind_label", "content_object_link", "language", "state", "requested")
    list_filter = ("state", KindFilter, "language")
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

    def get_queryset(self, request):
        """Each file's object in one query per kind of object, with what its own admin's list
        joins (a registration's delegate and workshop), so its name costs no query a row."""
        queryset = super().get_queryset(request)
        kinds = ContentType.objects.filter(
            pk__in=GeneratedFile.objects.values("content_type").distinct()
        )
        targets = []
        for content_type in kinds:
            model = content_type.model_class()
            if model is None:
                continue
            related = getattr(self.admin_site._registry.get(model), "list_select_related", ())
            objects = model._default_manager.all()
            if isinstance(related, list | tuple):
                objects = objects.select_related(*related)
            targets.append(objects)
        return queryset.prefetch_related(GenericPrefetch("content_object", targets))

    @admin.display(description=_("requested"), ordering="requested_at")
    def requested(self, obj: GeneratedFile) -> str:
        return formats.date_format(timezone.localtime(obj.requested_at), "j M Y, H:i")

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: GeneratedFile) -> str:
        return registry.label_for(obj.kind)

    @admin.display(description=_("made from"))
    def content_object_link(self, obj: GeneratedFile) -> str:
        """The object's name (its admin page when it has one); a deleted object says so."""
        target = obj.content_object
        if target is None:
            return gettext("%(kind)s (deleted)") % {"kind": obj.content_type.name}
        name = str(target)
        short = Truncator(name).chars(48)
        opts = target._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        except NoReverseMatch:
            return format_html('<span title="{}">{}</span>', name, short)
        return format_html('<a href="{}" title="{}">{}</a>', url, name, short)

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

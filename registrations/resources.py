"""The export of registrations (CSV, XLSX) for staff. Fields are listed one by one: passport
details are never among them, whatever permission the exporting user holds. Columns are named
in the exporting reader's language (the export page's boxes and the file's header row), see
idm_portal.admin_exports."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from registrations.models.lifecycle import Registration
from workshops import names


def _field(attribute: str, column_name) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column_name, readonly=True)


class RegistrationResource(resources.ModelResource):
    id = _field("id", _("ID"))
    workshop = _field("workshop__title", _("workshop"))
    status = fields.Field(column_name=_("status"), readonly=True)
    role = fields.Field(column_name=_("role"), readonly=True)
    title = fields.Field(column_name=_("title"), readonly=True)
    family_name = _field("delegate__family_name", _("family name"))
    given_names = _field("delegate__given_names", _("given names"))
    gender = fields.Field(column_name=_("gender"), readonly=True)
    email = _field("delegate__user__email", _("e-mail"))
    participant_type = fields.Field(column_name=_("participating as"), readonly=True)
    member_state = fields.Field(column_name=_("member state"), readonly=True)
    region = _field("delegate__member_state__region", _("region"))
    organisation = _field("delegate__organisation", _("organization"))
    position = _field("delegate__position", _("position"))
    institution = _field("delegate__institution", _("ministry or institution"))
    based_in = fields.Field(column_name=_("based in"), readonly=True)
    work_phone = _field("delegate__work_phone", _("work phone"))
    accessibility_needs = _field("delegate__accessibility_needs", _("accessibility needs"))
    dietary_needs = _field("delegate__dietary_needs", _("dietary needs"))
    consent = _field("delegate__consent_to_public_listing", _("public listing"))
    waitlist_priority = _field("waitlist_priority", _("waitlist priority"))
    registered_at = _field("created_at", _("registered at"))

    class Meta:
        model = Registration
        fields = (
            "id",
            "workshop",
            "status",
            "role",
            "title",
            "family_name",
            "given_names",
            "gender",
            "email",
            "participant_type",
            "member_state",
            "region",
            "organisation",
            "position",
            "institution",
            "based_in",
            "work_phone",
            "accessibility_needs",
            "dietary_needs",
            "consent",
            "waitlist_priority",
            "registered_at",
        )
        export_order = fields

    def get_queryset(self):
        return Registration.objects.select_related(
            "delegate__user", "delegate__member_state", "workshop"
        )

    def dehydrate_member_state(self, registration: Registration) -> str:
        # In the exporting reader's language, as every page names it (workshops.names).
        return names.state_name(registration.delegate.member_state)

    def dehydrate_status(self, registration: Registration) -> str:
        return str(registration.get_status_display())

    def dehydrate_role(self, registration: Registration) -> str:
        return str(registration.get_role_display())

    def dehydrate_title(self, registration: Registration) -> str:
        return str(registration.delegate.get_title_display())

    def dehydrate_gender(self, registration: Registration) -> str:
        return str(registration.delegate.get_gender_display())

    def dehydrate_participant_type(self, registration: Registration) -> str:
        return str(registration.delegate.get_participant_type_display())

    def dehydrate_based_in(self, registration: Registration) -> str:
        return str(registration.delegate.get_based_in_display())

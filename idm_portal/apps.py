from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IdmPortalConfig(AppConfig):
    default = True
    name = "idm_portal"
    verbose_name = _("Accounts and portal")

    def ready(self) -> None:
        from idm_portal.roles import sync_staff_groups

        # Permissions are created app by app after migrate, and later apps add models
        # (pledges, registrations…): keep the staff groups' permissions in step each time.
        post_migrate.connect(sync_staff_groups, dispatch_uid="idm_sync_staff_groups")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site as `admin.site`."""

    default = False  # AdminConfig says True; this module's default is IdmPortalConfig
    default_site = "idm_portal.admin_site.PortalAdminSite"

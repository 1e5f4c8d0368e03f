from django.apps import AppConfig, apps
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
        name_allauth_mfa_in_our_languages()


def name_allauth_mfa_in_our_languages() -> None:
    """allauth.mfa calls its app "MFA" and gives its Authenticator model and fields no
    verbose_name, so the admin's menu, titles, breadcrumbs, columns, forms and delete pages
    showed "MFA", "Authenticators", "Data" and "Last used at" in French and Spanish too. Named
    here, once its models are loaded, not in allauth's package nor by a migration of ours.

    This changes no migration: the autodetector reads a model's options from
    _meta.original_attrs (what its class Meta said, here nothing) and a field's from
    Field.deconstruct(), which gives the verbose_name passed to the field (_verbose_name), not
    the one set here; the permissions keep their names too (verbose_name_raw is still
    "authenticator"). tests/idm_portal/test_admin_languages.py runs makemigrations --check."""
    if not apps.is_installed("allauth.mfa"):
        return
    from allauth.mfa.models import Authenticator

    apps.get_app_config("mfa").verbose_name = _("Two-factor authentication")
    options = Authenticator._meta
    options.verbose_name = _("authenticator")
    options.verbose_name_plural = _("authenticators")
    for name, verbose_name in (
        ("user", _("user")),
        ("type", _("type")),
        ("data", _("data")),
        ("created_at", _("created")),
        ("last_used_at", _("last used")),
    ):
        options.get_field(name).verbose_name = verbose_name


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site as `admin.site`."""

    default = False  # AdminConfig says True; this module's default is IdmPortalConfig
    default_site = "idm_portal.admin_site.PortalAdminSite"

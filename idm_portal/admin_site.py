"""The portal's admin site: Django's, with the portal's titles and one guard on every model.

It is the default site (`idm_portal.apps.PortalAdminConfig`), so `admin.site` and every
`@admin.register` (ours and third-party apps') use it, and every ModelAdmin registered on it
gets the protected-fields guard (idm_portal.protected_fields): whoever may not read a field
cannot filter, search, order or export by it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idm_portal.protected_fields import ProtectedFieldsAdminMixin


def guarded(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """`admin_class` with the protected-fields guard first in its method order."""
    if issubclass(admin_class, ProtectedFieldsAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (ProtectedFieldsAdminMixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


class PortalAdminSite(admin.AdminSite):
    site_header = _("IDM Portal administration")
    site_title = _("IDM Portal")
    index_title = _("International Dialogue on Migration")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

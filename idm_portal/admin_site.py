"""The portal's admin site: Django's, with the portal's titles and one guard on every model.

It is the default site (`idm_portal.apps.PortalAdminConfig`), so `admin.site` and every
`@admin.register` (ours and third-party apps') use it, and every ModelAdmin registered on it
gets the protected-fields guard (idm_portal.protected_fields: whoever may not read a field
cannot filter, search, order or export by it) and exports only as text (idm_portal.exports).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idm_portal.exports import SafeExportsAdminMixin
from idm_portal.protected_fields import ProtectedFieldsAdminMixin

# What every ModelAdmin of the site gets, first in its method order.
GUARDS = (ProtectedFieldsAdminMixin, SafeExportsAdminMixin)


def guarded(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """`admin_class` with the site's guards: protected fields, and exports as text."""
    missing = tuple(guard for guard in GUARDS if not issubclass(admin_class, guard))
    if not missing:
        return admin_class
    return type(
        admin_class.__name__,
        (*missing, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


class PortalAdminSite(admin.AdminSite):
    site_header = _("IDM Portal administration")
    site_title = _("IDM Portal")
    index_title = _("International Dialogue on Migration")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

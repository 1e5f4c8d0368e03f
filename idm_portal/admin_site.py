"""The portal's admin site: Django's, with the portal's titles.

It is the default site (`idm_portal.apps.PortalAdminConfig`), so `admin.site` and every
`@admin.register` (ours and third-party apps') use it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("IDM Portal administration")
    site_title = _("IDM Portal")
    index_title = _("International Dialogue on Migration")

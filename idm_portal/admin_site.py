"""The portal's admin site: Django's, with the portal's titles and one guard on every model.

It is the default site (`idm_portal.apps.PortalAdminConfig`), so `admin.site` and every
`@admin.register` (ours and third-party apps') use it, and every ModelAdmin registered on it
gets the protected-fields guard (idm_portal.guards.protected_fields: whoever may not read a field
cannot filter, search, order or export by it) and exports only as text (idm_portal.guards.exports).
"""

from functools import update_wrapper
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from idm_portal.guards.exports import SafeExportsAdminMixin
from idm_portal.guards.protected_fields import ProtectedFieldsAdminMixin

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

    # --- Who gets in: the portal's login, and a second factor for staff --------------------
    # The admin has no password form of its own: /admin/login/ sends people to the portal's
    # login (allauth), whose rate limits and lockout then apply to staff too. With
    # ADMIN_REQUIRE_MFA on, staff reach no admin page until they have an authenticator app
    # and used it to log in (allauth's MFA stage) or to confirm it is them since.

    def login(self, request, extra_context=None):
        next_url = self._next_url(request)
        user = request.user
        if not user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if second_factor := self._second_factor_redirect(request, next_url):
            return second_factor
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        # Logged in without access (a delegate): the portal's login would send them straight
        # back here, so say it instead of going round in circles.
        messages.error(request, _("Your account has no access to the administration."))
        return HttpResponseRedirect(reverse("home"))

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and self._missing_second_factor(request) is None

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if second_factor := self._second_factor_redirect(request, request.get_full_path()):
                return second_factor
            return checked(request, *args, **kwargs)

        return update_wrapper(inner, checked)

    def _next_url(self, request) -> str:
        candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
        return reverse("admin:index", current_app=self.name)

    def _missing_second_factor(self, request) -> str | None:
        """None, or what active staff still lack: "setup" (no authenticator) or "use" (one,
        not used in this session)."""
        user = request.user
        if not (settings.ADMIN_REQUIRE_MFA and user.is_active and user.is_staff):
            return None
        second_factors = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        if not is_mfa_enabled(user, second_factors):
            return "setup"
        records = get_authentication_records(request, user)
        if not any(record.get("method") == "mfa" for record in records):
            return "use"
        return None

    def _second_factor_redirect(self, request, next_url: str):
        missing = self._missing_second_factor(request)
        if missing == "setup":
            messages.warning(
                request,
                _(
                    "Staff need a second factor to open the administration: set up an "
                    "authenticator app on your phone, then open the administration again."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if missing == "use":
            messages.info(
                request,
                _("Enter a code from your authenticator app to open the administration."),
            )
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None

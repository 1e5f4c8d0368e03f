"""allauth, the portal's way.

- Every e-mail allauth sends (verify your address, someone tried to sign up with your address,
  password reset, two-factor notices) is rendered in the request, in its language, and handed
  to the outbox (idm_portal.queue.outbox): none is sent inside a request.
- A person who has just logged in with their password is not asked for it again before a
  sensitive step (setting up the second factor that staff need for the admin): allauth only
  counts an explicit re-authentication as recent, so staff typed their password twice in a row.
- The login form says "Keep me signed in" (allauth's "Remember Me" read as a label with a
  colon on the portal's page); the password forms' labels are in sentence case, like the
  portal's other forms.
- Sign-up does the same expensive work whether or not the address already has an account (one
  password hash, one queued e-mail), so its timing tells nothing about who has an account.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from idm_portal import account_roles
from idm_portal.queue import outbox


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        # A donor contact lands on the donor dashboard (idm_portal.account_roles); a "next"
        # page asked for explicitly still wins (allauth reads it before asking the adapter).
        landing = account_roles.landing_url(request.user)
        return landing or super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or request is None or not request.user.is_authenticated:
            return required
        records = get_authentication_records(request, request.user)
        recent = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
        just_logged_in = any(
            record.get("method") == "password" and record.get("at", 0) > recent
            for record in records
        )
        return not just_logged_in

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        request = context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            # The portal's own signature (templates/account/email/base_message.txt).
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
            "portal_url": settings.PORTAL_BASE_URL,
        }
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        outbox.queue_message(message, language=get_language() or "", kind=template_prefix)


class _PortalEmailLabel:
    """ "E-mail address", as the portal writes it everywhere, not allauth's "Email"."""

    email_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.email_field in self.fields:
            self.fields[self.email_field].label = _("E-mail address")


class SignupForm(_PortalEmailLabel, AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # A new address costs a password hash (the new account's); so does a known one,
            # thrown away, or the answer's timing would tell which addresses have accounts.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class LoginForm(_PortalEmailLabel, AllauthLoginForm):
    email_field = "login"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in")


class AddEmailForm(_PortalEmailLabel, AllauthAddEmailForm):
    pass


PASSWORD_LABELS = {
    "oldpassword": _("Current password"),
    "password1": _("New password"),
    "password2": _("New password again"),
}


class _PortalPasswordLabels:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PASSWORD_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)


class ChangePasswordForm(_PortalPasswordLabels, AllauthChangePasswordForm):
    pass


class ResetPasswordKeyForm(_PortalPasswordLabels, AllauthResetPasswordKeyForm):
    pass

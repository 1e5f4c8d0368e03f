"""allauth, the portal's way.

- Every e-mail allauth sends (verify your address, someone tried to sign up with your address,
  password reset, two-factor notices) is rendered in the request, in its language, and handed
  to the outbox (idm_portal.queue.outbox): none is sent inside a request.
- A person who has just logged in with their password is not asked for it again before a
  sensitive step (setting up the second factor that staff need for the admin): allauth only
  counts an explicit re-authentication as recent, so staff typed their password twice in a row.
- Sign-up does the same expensive work whether or not the address already has an account (one
  password hash, one queued e-mail), so its timing tells nothing about who has an account.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language

from idm_portal.queue import outbox


class AccountAdapter(DefaultAccountAdapter):
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


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # A new address costs a password hash (the new account's); so does a known one,
            # thrown away, or the answer's timing would tell which addresses have accounts.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

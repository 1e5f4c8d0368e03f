"""allauth.mfa, the portal's way: the second factor's secrets encrypted at rest.

- allauth passes the secrets it stores through its adapter's `encrypt`/`decrypt` (in 65.x: the
  authenticator app's TOTP secret, the recovery codes' seed and any migrated recovery codes);
  `MFAAdapter` makes them Fernet tokens under MFA_ENCRYPTION_KEY (idm_portal.mfa_keys). A value
  no key decrypts raises `UnreadableSecret`: it is never taken for a secret.
- The sign-in and re-authentication forms turn that error into a refusal the person can read
  and an ERROR log line for the operators (the user's id, no secret), not a 500.
- Rows written in clear before this are encrypted by idm_portal/migrations/0008.
"""

from __future__ import annotations

import logging

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext

from idm_portal import mfa_keys

logger = logging.getLogger(__name__)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return mfa_keys.encrypt(text, settings.MFA_ENCRYPTION_KEYS)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_keys.decrypt(encrypted_text, settings.MFA_ENCRYPTION_KEYS)


class _UnreadableSecretRefused:
    """A code cannot be checked against a secret the keys do not open: refuse, say so, and
    tell the operators (a wrong MFA_ENCRYPTION_KEY locks every staff member out)."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except mfa_keys.UnreadableSecret:
            logger.error(
                "The second factor of user %s could not be checked: its secret does not "
                "decrypt with any key of MFA_ENCRYPTION_KEY (wrong or removed key?).",
                self.user.pk,
            )
            raise forms.ValidationError(
                gettext(
                    "Your code cannot be checked at the moment. Please try again later, "
                    "or write to the IDM Secretariat."
                ),
                code="unreadable_secret",
            ) from None


class AuthenticateForm(_UnreadableSecretRefused, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(_UnreadableSecretRefused, AllauthReauthenticateForm):
    pass

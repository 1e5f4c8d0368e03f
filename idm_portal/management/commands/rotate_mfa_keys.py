"""`manage.py rotate_mfa_keys`: every stored second-factor secret encrypted again under the
first key of MFA_ENCRYPTION_KEY, so that the keys after it can then be removed."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from idm_portal import mfa_keys


class Command(BaseCommand):
    help = (
        "Encrypt every TOTP secret and recovery-code seed again under the first key of "
        "MFA_ENCRYPTION_KEY (run after putting a new key first; then drop the old ones)."
    )

    def handle(self, *args, **options):
        keys = settings.MFA_ENCRYPTION_KEYS
        try:
            with transaction.atomic():
                changed = mfa_keys.convert_stored(Authenticator, mfa_keys.rotate, keys)
        except mfa_keys.UnreadableSecret as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(
            f"Encrypted the secrets of {changed} authenticators again under the first of "
            f"{len(keys)} keys of MFA_ENCRYPTION_KEY."
        )

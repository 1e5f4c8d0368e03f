"""Encrypt the second factors' secrets allauth.mfa stored in clear (idm_portal/mfa.py).

Forwards: each TOTP secret, recovery-code seed and migrated recovery code in clear becomes a
Fernet token under the first key of MFA_ENCRYPTION_KEY; a value that is already a token is
left alone if a key opens it (so running it again changes nothing) and stops the migration if
none does (a wrong key: encrypting it again would lose the secret). Backwards: every token is
decrypted back to the clear value, for code that reads them in clear.
"""

from django.conf import settings
from django.db import migrations

from idm_portal import mfa_keys


def encrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    mfa_keys.convert_stored(Authenticator, mfa_keys.encrypted, settings.MFA_ENCRYPTION_KEYS)


def decrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    mfa_keys.convert_stored(Authenticator, mfa_keys.decrypted, settings.MFA_ENCRYPTION_KEYS)


class Migration(migrations.Migration):
    dependencies = [
        ("idm_portal", "0007_outbound_email_attachments"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]

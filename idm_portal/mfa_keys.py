"""The keys that encrypt the second factor's secrets at rest (MFA_ENCRYPTION_KEY).

allauth.mfa keeps each authenticator app's TOTP secret and the recovery codes' seed in
`mfa_authenticator.data`; whoever reads them (a backup, a leaked dump) can make every staff
member's codes. They are stored as Fernet tokens (AES-128-CBC with HMAC-SHA256: a token that
was altered, or made under another key, is refused, never read as a secret). MultiFernet for
rotation: the first key encrypts, every key decrypts.

Plain functions with no model import, so that settings.py can check the keys at start and the
data migration can use them.
"""

from __future__ import annotations

import base64
import binascii
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

from idm_portal.env import require

VARIABLE = "MFA_ENCRYPTION_KEY"
# The key derived from SECRET_KEY (embedded default and tests only) is bound to this purpose,
# so it is no key that signs sessions or anything else.
DERIVED_KEY_PURPOSE = b"idm-portal: allauth.mfa secrets at rest (Fernet key)"
GENERATE_HINT = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


# settings.MFA_FORMS: allauth's code forms, refusing a secret no key opens (idm_portal/mfa.py).
FORMS = {
    "authenticate": "idm_portal.mfa.AuthenticateForm",
    "reauthenticate": "idm_portal.mfa.ReauthenticateForm",
}


class UnreadableSecret(InvalidToken):
    """A stored second-factor secret no key of MFA_ENCRYPTION_KEY decrypts: the wrong key, a
    key removed too early, a value altered, or one still in clear (migrations not run)."""


def derived_key(secret_key: str) -> str:
    """A Fernet key made from SECRET_KEY (HKDF-SHA256 with the purpose as its info)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=DERIVED_KEY_PURPOSE)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode("utf-8"))).decode("ascii")


def configured_keys(keys: list[str], *, production: bool, secret_key: str) -> list[str]:
    """settings.MFA_ENCRYPTION_KEYS from MFA_ENCRYPTION_KEY's comma-separated keys: required in
    production, like DJANGO_SECRET_KEY; else, when unset, one key derived from SECRET_KEY."""
    if production:
        require(
            VARIABLE,
            ",".join(keys),
            "when DJANGO_DEBUG=0 (it encrypts the second factors' secrets, and must be kept "
            f"apart from the backups; make one with {GENERATE_HINT})",
        )
    elif not keys:
        keys = [derived_key(secret_key)]
    return checked_keys(keys)


def checked_keys(keys: list[str]) -> list[str]:
    """`keys` if each is a Fernet key, else ImproperlyConfigured naming the variable (never the
    key itself: the message may reach a log)."""
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            raise ImproperlyConfigured(
                f"{VARIABLE}: key {number} of {len(keys)} is not a Fernet key (32 bytes in "
                f"url-safe base64, 44 characters); make one with {GENERATE_HINT}"
            ) from None
    return keys


@functools.lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str, keys: list[str]) -> str:
    """`text` as a Fernet token under the first key."""
    return _cipher(tuple(keys)).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str, keys: list[str]) -> str:
    """The text of a token made under any of `keys`; UnreadableSecret otherwise."""
    try:
        return _cipher(tuple(keys)).decrypt(str(token).encode("utf-8")).decode("utf-8")
    except InvalidToken:
        raise UnreadableSecret(
            f"A second-factor secret could not be decrypted with any key of {VARIABLE} (a "
            "wrong or removed key, an altered value, or one stored in clear: run migrate)."
        ) from None


def rotate(token: str, keys: list[str]) -> str:
    """The token made again under the first key (MultiFernet.rotate); UnreadableSecret if no
    key opens it."""
    try:
        return _cipher(tuple(keys)).rotate(str(token).encode("utf-8")).decode("ascii")
    except InvalidToken:
        raise UnreadableSecret(
            f"A second-factor secret could not be decrypted with any key of {VARIABLE}."
        ) from None


# --- The stored secrets: data migration and rotation ------------------------------------
# The fields of allauth.mfa's Authenticator.data that allauth passes through its adapter's
# encrypt() (django-allauth 65.x): the TOTP secret, the recovery codes' seed and the recovery
# codes migrated from another library (a list).
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


def encrypted(value: str, keys: list[str]) -> str:
    """A clear value encrypted; a token left as it is once a key opens it (so encrypting twice
    changes nothing), UnreadableSecret if none does (encrypting it again would lose it)."""
    if is_token(value):
        decrypt(value, keys)
        return value
    return encrypt(value, keys)


def decrypted(value: str, keys: list[str]) -> str:
    """A token decrypted; a clear value left as it is."""
    return decrypt(value, keys) if is_token(value) else value


def convert_stored(authenticator_model, convert, keys: list[str]) -> int:
    """Apply `convert(value, keys)` to every stored secret of `authenticator_model` (allauth's
    Authenticator, or its historical model in a migration); the number of rows changed."""
    changed = 0
    # A few rows per staff member: read them all, then write each that changed.
    rows = authenticator_model.objects.filter(type__in=list(SECRET_FIELDS)).order_by("pk")
    for authenticator in list(rows):
        data = dict(authenticator.data or {})
        for field in SECRET_FIELDS[authenticator.type]:
            if isinstance(data.get(field), str):
                data[field] = convert(data[field], keys)
        for field in SECRET_LISTS.get(authenticator.type, ()):
            if isinstance(data.get(field), list):
                data[field] = [convert(value, keys) for value in data[field]]
        if data != authenticator.data:
            authenticator_model.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed


def is_token(value: object) -> bool:
    """Whether `value` has a Fernet token's shape (version byte 0x80, then at least a
    timestamp, an IV and a MAC). Clear secrets never do: a TOTP secret is base32 (upper case),
    the recovery codes' seed hex, migrated codes digits."""
    if not isinstance(value, str) or not value.startswith("gAAAAA"):
        return False
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, binascii.Error):
        return False
    return raw[:1] == b"\x80" and len(raw) >= 1 + 8 + 16 + 32

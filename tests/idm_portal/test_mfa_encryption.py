"""The second factors' secrets are stored encrypted (MFA_ENCRYPTION_KEY, idm_portal/mfa.py): a
database row, a dump or a backup alone gives no staff member's codes; the key's holder signs in
as before, through a key rotation too; a wrong key refuses the sign-in without a 500."""

import base64
import importlib
import io
import json
import logging
import secrets
import shutil
import sqlite3
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from idm_portal import mfa_keys
from idm_portal.mfa import MFAAdapter
from tests.idm_portal.factories import PASSWORD, SecretariatStaffFactory
from tests.idm_portal.test_admin_login import (
    LOGIN,
    MFA_AUTHENTICATE,
    MFA_REAUTHENTICATE,
    TOTP_ACTIVATE,
    is_logged_in,
)
from tests.idm_portal.test_admin_login import totp_code as code_now
from tests.idm_portal.test_backups import (
    POSTGRES,
    one_backup,
    run_in,
    scratch_database,  # noqa: F401 (fixture)
)
from tests.idm_portal.test_settings import production_env, run_python

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("idm_portal.migrations.0008_encrypt_mfa_secrets")
UNREADABLE = "Your code cannot be checked at the moment."


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """allauth counts attempts and used TOTP codes in the cache: a local one per test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_REQUIRE_MFA = True


def new_key() -> str:
    return Fernet.generate_key().decode()


def stored_data(authenticator_id: int) -> str:
    """The row's `data` column as the database holds it (what a dump or a backup shows)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator_id])
        [value] = cursor.fetchone()
    return value if isinstance(value, str) else json.dumps(value)


def staff_with_totp(email: str = "sana@example.org"):
    staff = SecretariatStaffFactory(email=email)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)  # the adapter path allauth's activation view takes
    return staff, secret


def totp_code(secret: str) -> str:
    """The code of `secret` now, with at least 2 s left of its 30 s window (it is checked a
    moment later, and allauth allows no drift)."""
    if 30 - time.time() % 30 < 2:
        time.sleep(30 - time.time() % 30 + 0.05)
    return code_now(secret)


def sign_in_with_code(client, staff, code):
    """Password, then `code` (a text, or a function that makes it once the password's slow
    hash is checked, so that a TOTP code is not a window old)."""
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD, "next": "/admin/"})
    return client.post(MFA_AUTHENTICATE, {"code": code() if callable(code) else code})


# --- Activation through allauth's views: encrypted, and the codes still sign in --------------


def test_totp_set_up_through_the_views_is_stored_encrypted_and_its_codes_open_the_admin(
    client, mfa_required
):
    staff = SecretariatStaffFactory(email="sana@example.org")
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == TOTP_ACTIVATE
    secret = response.context["form"].secret
    assert client.post(TOTP_ACTIVATE, {"code": totp_code(secret)}).status_code == 302

    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    row = stored_data(totp.pk)
    assert secret not in row and secret.lower() not in row
    assert mfa_keys.is_token(totp.data["secret"])
    # Recovery codes were made with it: their seed is a token too.
    codes = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    assert mfa_keys.is_token(codes.data["seed"])

    # A new session: password, then a code computed from the secret the app was given.
    client.logout()
    response = sign_in_with_code(client, staff, lambda: totp_code(secret))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_still_sign_in_once_each(client, mfa_required):
    staff, _secret = staff_with_totp()
    recovery = RecoveryCodes.activate(staff)
    assert mfa_keys.is_token(Authenticator.objects.get(pk=recovery.instance.pk).data["seed"])
    [first, second, *_rest] = recovery.get_unused_codes()

    response = sign_in_with_code(client, staff, first)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    response = sign_in_with_code(Client(), staff, first)
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    other = Client()
    assert sign_in_with_code(other, staff, second)["Location"] == "/admin/"


# --- Rotation -------------------------------------------------------------------------------


def test_with_a_new_key_first_old_secrets_still_verify_and_new_ones_use_the_new_key(
    client, settings, mfa_required
):
    old, new = new_key(), new_key()
    settings.MFA_ENCRYPTION_KEYS = [old]
    sana, sana_secret = staff_with_totp("sana@example.org")

    settings.MFA_ENCRYPTION_KEYS = [new, old]
    assert sign_in_with_code(client, sana, lambda: totp_code(sana_secret))["Location"] == "/admin/"

    omar, _omar_secret = staff_with_totp("omar@example.org")
    token = Authenticator.objects.get(user=omar, type=Authenticator.Type.TOTP).data["secret"]
    Fernet(new).decrypt(token.encode())
    with pytest.raises(InvalidToken):
        Fernet(old).decrypt(token.encode())


def test_rotate_mfa_keys_lets_the_old_key_go(settings, mfa_required):
    old, new = new_key(), new_key()
    settings.MFA_ENCRYPTION_KEYS = [old]
    staff, secret = staff_with_totp()
    RecoveryCodes.activate(staff)

    settings.MFA_ENCRYPTION_KEYS = [new, old]
    output = io.StringIO()
    call_command("rotate_mfa_keys", stdout=output)
    assert "2 authenticators" in output.getvalue()

    settings.MFA_ENCRYPTION_KEYS = [new]
    client = Client()
    assert sign_in_with_code(client, staff, lambda: totp_code(secret))["Location"] == "/admin/"
    recovery = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    assert len(recovery.wrap().get_unused_codes()) == 10


def test_rotate_mfa_keys_changes_nothing_when_a_secret_does_not_decrypt(settings):
    settings.MFA_ENCRYPTION_KEYS = [new_key()]
    staff, _secret = staff_with_totp()
    before = Authenticator.objects.get(user=staff).data
    settings.MFA_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(CommandError, match="MFA_ENCRYPTION_KEY"):
        call_command("rotate_mfa_keys")
    assert Authenticator.objects.get(user=staff).data == before


# --- A wrong key, or a value in clear: refused, never read as a secret -------------------------


@pytest.mark.parametrize("stage", ["login", "reauthenticate"])
def test_a_wrong_key_refuses_the_code_with_a_plain_message_and_logs_it(
    client, settings, mfa_required, caplog, stage
):
    settings.MFA_ENCRYPTION_KEYS = [new_key()]
    staff, secret = staff_with_totp()
    settings.MFA_ENCRYPTION_KEYS = [new_key()]  # e.g. a deployment given another key

    with caplog.at_level(logging.ERROR, logger="idm_portal.mfa"):
        if stage == "login":
            response = sign_in_with_code(client, staff, lambda: totp_code(secret))
        else:
            client.force_login(staff)
            url = f"{MFA_REAUTHENTICATE}?next=/admin/"
            response = client.post(url, {"code": totp_code(secret)})
    assert response.status_code == 200
    page = response.content.decode()
    assert UNREADABLE in page
    assert 'class="site-header"' in page  # the portal's page, not an error page
    assert "InvalidToken" not in page and "MFA_ENCRYPTION_KEY" not in page
    assert client.get("/admin/").status_code == 302
    if stage == "login":
        assert not is_logged_in(client)
    [record] = [r for r in caplog.records if r.name == "idm_portal.mfa"]
    assert record.levelno == logging.ERROR
    assert str(staff.pk) in record.getMessage() and secret not in record.getMessage()
    assert staff.email not in record.getMessage()


@pytest.mark.parametrize("page", ["mfa_index", "mfa_view_recovery_codes"])
def test_a_wrong_key_on_the_second_factor_pages_says_what_is_wrong_in_the_readers_language(
    settings, caplog, page
):
    settings.MFA_ENCRYPTION_KEYS = [new_key()]
    staff, _secret = staff_with_totp()
    RecoveryCodes.activate(staff)
    settings.MFA_ENCRYPTION_KEYS = [new_key()]
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    session = client.session  # signed in a moment ago: no re-authentication asked first
    session["account_authentication_methods"] = [{"method": "password", "at": time.time()}]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.save()

    with caplog.at_level(logging.ERROR), translation.override("fr"):
        response = client.get(reverse(page))

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Le portail ne peut pas lire votre second facteur" in text
    assert "UnreadableSecret" not in text and "MFA_ENCRYPTION_KEY" not in text
    assert any(record.levelno == logging.ERROR and record.exc_info for record in caplog.records)


def test_the_adapter_refuses_a_value_in_clear_or_under_another_key():
    adapter = MFAAdapter()
    clear = generate_totp_secret()
    with pytest.raises(InvalidToken):
        adapter.decrypt(clear)
    with pytest.raises(InvalidToken):
        adapter.decrypt(Fernet(new_key()).encrypt(clear.encode()).decode())
    token = adapter.encrypt(clear)
    assert token != clear and adapter.decrypt(token) == clear


def test_a_token_altered_in_the_database_is_refused():
    adapter = MFAAdapter()
    token = adapter.encrypt(generate_totp_secret())
    raw = bytearray(base64.urlsafe_b64decode(token))
    raw[40] ^= 1  # one bit of the ciphertext
    with pytest.raises(InvalidToken):
        adapter.decrypt(base64.urlsafe_b64encode(bytes(raw)).decode())


# --- The data migration ------------------------------------------------------------------------


def written_in_clear() -> dict[int, dict]:
    """Rows as allauth wrote them before the portal's adapter (its default encrypt() returns
    the text as it is)."""
    sana = SecretariatStaffFactory(email="sana@example.org")
    omar = SecretariatStaffFactory(email="omar@example.org")
    rows = [
        Authenticator.objects.create(
            user=sana, type=Authenticator.Type.TOTP, data={"secret": generate_totp_secret()}
        ),
        Authenticator.objects.create(
            user=sana,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": RecoveryCodes.generate_seed(), "used_mask": 5},
        ),
        Authenticator.objects.create(
            user=omar,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"migrated_codes": ["12345678", "87654321"], "used_mask": 0},
        ),
    ]
    return {row.pk: dict(row.data) for row in rows}


def test_the_migration_encrypts_secrets_in_clear_and_decrypts_them_back(settings):
    clear = written_in_clear()
    MIGRATION.encrypt_secrets(django_apps, None)

    adapter = MFAAdapter()
    for pk, before in clear.items():
        after = Authenticator.objects.get(pk=pk).data
        row = stored_data(pk)
        for field in ("secret", "seed"):
            if field in before:
                assert before[field] not in row
                assert adapter.decrypt(after[field]) == before[field]
        if "migrated_codes" in before:
            assert [adapter.decrypt(c) for c in after["migrated_codes"]] == before["migrated_codes"]
            assert not any(code in row for code in before["migrated_codes"])
        assert after.get("used_mask") == before.get("used_mask")

    MIGRATION.decrypt_secrets(django_apps, None)
    assert {pk: Authenticator.objects.get(pk=pk).data for pk in clear} == clear


def test_the_migration_run_twice_changes_nothing_and_the_codes_work(client, mfa_required):
    clear = written_in_clear()
    MIGRATION.encrypt_secrets(django_apps, None)
    once = {pk: stored_data(pk) for pk in clear}
    MIGRATION.encrypt_secrets(django_apps, None)
    assert {pk: stored_data(pk) for pk in clear} == once

    totp = Authenticator.objects.get(type=Authenticator.Type.TOTP)
    secret = clear[totp.pk]["secret"]
    assert sign_in_with_code(client, totp.user, lambda: totp_code(secret))["Location"] == "/admin/"


def test_the_migration_stops_on_a_token_its_keys_do_not_open(settings):
    staff = SecretariatStaffFactory()
    foreign = Fernet(new_key()).encrypt(b"JBSWY3DPEHPK3PXP").decode()
    row = Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": foreign}
    )
    with pytest.raises(InvalidToken):
        MIGRATION.encrypt_secrets(django_apps, None)
    assert Authenticator.objects.get(pk=row.pk).data == {"secret": foreign}


# --- Settings ---------------------------------------------------------------------------------


def test_production_without_mfa_encryption_key_refuses_to_start():
    result = run_python(["manage.py", "check"], **production_env(MFA_ENCRYPTION_KEY=None))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert "MFA_ENCRYPTION_KEY must be set when DJANGO_DEBUG=0" in last_line


def test_a_malformed_key_refuses_to_start_without_printing_it():
    key = "not-a-fernet-key-but-a-secret-all-the-same"
    result = run_python(["manage.py", "check"], **production_env(MFA_ENCRYPTION_KEY=f"{key}"))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line and "MFA_ENCRYPTION_KEY" in last_line
    assert key not in result.stderr


def test_compose_gives_every_container_the_key_and_refuses_to_start_without_it():
    from tests.idm_portal.test_deployment import compose

    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        value = services[name]["environment"]["MFA_ENCRYPTION_KEY"]
        assert value.startswith("${MFA_ENCRYPTION_KEY:?"), name


PRINT_KEYS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps(settings.MFA_ENCRYPTION_KEYS))
"""


def test_production_takes_several_keys_and_the_default_derives_one_from_the_secret_key():
    new, old = new_key(), new_key()
    result = run_python(["-c", PRINT_KEYS], **production_env(MFA_ENCRYPTION_KEY=f"{new}, {old}"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [new, old]

    derived = []
    for secret_key in ("a" * 50, "b" * 50):
        result = run_python(["-c", PRINT_KEYS], DJANGO_SECRET_KEY=secret_key)
        assert result.returncode == 0, result.stderr
        [key] = json.loads(result.stdout.strip().splitlines()[-1])
        assert key == mfa_keys.derived_key(secret_key) and secret_key not in key
        Fernet(key)
        derived.append(key)
    assert derived[0] != derived[1]


# --- Backups ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    POSTGRES and not shutil.which("pg_dump"), reason="needs pg_dump (postgresql-client)"
)
def test_a_backup_holds_no_secret_and_restored_with_the_key_it_signs_in(
    tmp_path, settings, request
):
    _staff, secret = staff_with_totp(f"backup-{secrets.token_hex(4)}@example.org")
    call_command("backup", "--dir", str(tmp_path / "backups"))
    folder = one_backup(tmp_path / "backups")
    query = "SELECT data FROM mfa_authenticator WHERE type = 'totp'"  # the only one
    if POSTGRES:
        target = request.getfixturevalue("scratch_database")
        call_command("restore", str(folder), "--database", target)
        rows = [row[0] for row in run_in(target, query)]
    else:
        assert secret.encode() not in (folder / "database.sqlite3").read_bytes()
        target = tmp_path / "restored.sqlite3"
        call_command("restore", str(folder), "--database", str(target))
        with sqlite3.connect(target) as restored:
            rows = [row[0] for row in restored.execute(query)]
        restored.close()
    data = [row if isinstance(row, dict) else json.loads(row) for row in rows]
    assert [secret not in json.dumps(d) for d in data] == [True]
    assert MFAAdapter().decrypt(data[0]["secret"]) == secret
    with pytest.raises(InvalidToken):
        mfa_keys.decrypt(data[0]["secret"], [new_key()])

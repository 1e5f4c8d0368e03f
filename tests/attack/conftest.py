import pytest
from django.test import Client

from tests.attack.access_table import SUPERUSER
from tests.attack.world import build_world
from tests.idm_portal.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The attacks make a dozen users per test; PBKDF2 would make them slow on 2 shared cores.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages kept in the cache by an earlier test (or another role's request of the same page
    in an earlier world) must not answer for this one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _clients(world) -> dict:
    """One signed-in client per role (an anonymous one for ANONYMOUS)."""
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return clients


@pytest.fixture(scope="module")
def _world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, _world_media):
    """The world's files stay in the module's media folder (built once for all the tests)."""
    settings.MEDIA_ROOT = _world_media


@pytest.fixture(scope="module")
def world_and_clients(django_db_setup, django_db_blocker, _world_media):
    """One world for the module, built in a transaction rolled back at its end; each test
    runs in a savepoint of its own (pytest-django's `db`), so an owner's POST in one test
    leaves the next test's world as it was."""
    from django.conf import settings as django_settings
    from django.db import transaction

    hashers, django_settings.PASSWORD_HASHERS = (
        django_settings.PASSWORD_HASHERS,
        ["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media, django_settings.MEDIA_ROOT = django_settings.MEDIA_ROOT, _world_media
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.users[SUPERUSER] = UserFactory(is_staff=True, is_superuser=True, verified=True)
            yield world, _clients(world)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            django_settings.PASSWORD_HASHERS, django_settings.MEDIA_ROOT = hashers, media

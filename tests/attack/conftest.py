import pytest


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

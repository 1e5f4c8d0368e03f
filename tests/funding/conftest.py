import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """Funding's pages keep rendered fragments in the cache (funding.selectors.stamp); each
    test starts with none, since rows a test writes in bulk bypass the stamp."""
    from django.core.cache import cache

    from funding.selectors import stamp

    cache.clear()
    stamp.forget()
    stamp_seconds, stamp.STAMP_SECONDS = stamp.STAMP_SECONDS, 0
    yield
    stamp.STAMP_SECONDS = stamp_seconds
    cache.clear()
    stamp.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Logins in these tests are made by force_login or the test client: the real hasher's
    million iterations would only cost time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def finance(client):
    """The test client, signed in as a member of the Finance group."""
    from tests.idm_portal.factories import FinanceStaffFactory

    client.force_login(FinanceStaffFactory())
    return client

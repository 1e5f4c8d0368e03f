"""Behind the TLS proxy every request comes from the proxy's address: allauth's per-IP limits
must count the client the proxy names in X-Forwarded-For (DJANGO_TRUSTED_PROXY_COUNT), or a
whole membership signing up before a deadline shares the limit of one visitor (20 sign-ups a
minute). Found by bench/load.py, whose 200 delegates sign up in one burst."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache

from tests.idm_portal.test_settings import run_python

SIGNUP = "/en/accounts/signup/"
PROXY = "172.18.0.2"  # the proxy's one address, as gunicorn sees it
SIGN_UP_LIMIT = 20  # settings.ACCOUNT_RATE_LIMITS["signup"]: 20 a minute per address


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """allauth counts attempts in the cache: a local cache per test, never a shared Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = [f"{MD5PasswordHasher.__module__}.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def sign_ups_behind_the_proxy(client, count: int) -> list[int]:
    """The statuses of `count` sign-ups by as many people, each through the proxy."""
    statuses = []
    for n in range(count):
        response = client.post(
            SIGNUP,
            {
                "email": f"person{n}@example.org",
                "password1": "Tr4vel-plans!",
                "password2": "Tr4vel-plans!",
            },
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
        statuses.append(response.status_code)
        client.cookies.clear()  # each person is a browser of their own
    return statuses


@pytest.mark.django_db
def test_behind_one_proxy_each_person_signing_up_has_their_own_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    statuses = sign_ups_behind_the_proxy(client, SIGN_UP_LIMIT + 5)

    assert statuses == [302] * (SIGN_UP_LIMIT + 5)


@pytest.mark.django_db
def test_without_the_setting_the_proxy_is_one_visitor_and_the_limit_refuses_the_rest(
    client, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    statuses = sign_ups_behind_the_proxy(client, SIGN_UP_LIMIT + 5)

    assert statuses[:SIGN_UP_LIMIT] == [302] * SIGN_UP_LIMIT
    assert statuses[SIGN_UP_LIMIT:] == [429] * 5


@pytest.mark.django_db
def test_one_person_behind_the_proxy_is_still_limited(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = []
    for n in range(SIGN_UP_LIMIT + 1):
        response = client.post(
            SIGNUP,
            {
                "email": f"same{n}@example.org",
                "password1": "Tr4vel-plans!",
                "password2": "Tr4vel-plans!",
            },
            REMOTE_ADDR=PROXY,
            # What the client claims comes first; the proxy appends the address it saw.
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}, 203.0.113.7",
        )
        statuses.append(response.status_code)
        client.cookies.clear()

    assert statuses[-1] == 429


def test_the_setting_comes_from_the_environment_and_is_off_by_default():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    assert run_python(["-c", code]).stdout.strip().splitlines()[-1] == "0"
    behind = run_python(["-c", code], DJANGO_TRUSTED_PROXY_COUNT="1")
    assert behind.stdout.strip().splitlines()[-1] == "1"

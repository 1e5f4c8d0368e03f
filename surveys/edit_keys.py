"""The edit key of an anonymous response: what lets its author change it until the survey
closes, although nothing on the server links the author to it (surveys/models/__init__.py).

At the first submission the view makes a random key (``new_key``), the service stores only
its digest on the Response (``digest``: an HMAC-SHA256 keyed with the edit key over the id of
the user it was given to, so that the key opens the response for that person only, even
past the cookie's signature), and the view gives the key to the browser alone, in a cookie
(``set_cookie``):

- signed with the survey and the user in its salt, so that another account's cookie (a shared
  computer, a copied value) opens nothing;
- HttpOnly, Secure unless DEBUG, SameSite=Lax, for the survey's answering path only (one
  cookie per language prefix, since the path starts with the language), and gone when the
  survey closes;
- named with "key", so that Django's error reports hide its value (SafeExceptionReporterFilter).

The key never goes into the session (sessions are rows tied to their user), a log, an e-mail
or a page. Without the key the digest says nothing, not even whose it is (trying users needs
the key): the key is 256 random bits, nothing to guess or look up in a table; and the digest
does not use SECRET_KEY, so it survives a change of it. Without the cookie (another
browser, cookies cleared, another focal point of the state) the response cannot be found
again, by its author or anyone.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from workshops import dates

KEY_BYTES = 32


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def digest(key: str, user) -> str:
    """What the Response keeps of `key` given to `user`: 64 hexadecimal digits."""
    message = f"surveys.edit_key:{user.pk}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def cookie_name(survey, language: str) -> str:
    return f"idm_survey_{survey.pk}_edit_key_{language}"


def _salt(survey, user) -> str:
    return f"surveys.edit_key:{survey.pk}:{user.pk}"


def _path(survey, language: str) -> str:
    with translation.override(language):
        return reverse("surveys:answer", kwargs={"pk": survey.pk})


def _seconds_until_closed(survey) -> int:
    """Until the end of the survey's last day, counted from the portal's today
    (workshops.dates), so that a replayed date expires the cookie with the survey."""
    now = timezone.localtime()
    today_now = datetime.datetime.combine(dates.today(), now.time(), tzinfo=now.tzinfo)
    end = datetime.datetime.combine(
        survey.closes_on + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(0, int((end - today_now).total_seconds()))


def set_cookie(response: HttpResponse, *, survey, user, key: str) -> None:
    """Give `key` to the browser, for the survey's answering pages in every language."""
    max_age = _seconds_until_closed(survey)
    for language, _name in settings.LANGUAGES:
        response.set_signed_cookie(
            cookie_name(survey, language),
            key,
            salt=_salt(survey, user),
            max_age=max_age,
            path=_path(survey, language),
            secure=not settings.DEBUG,
            httponly=True,
            samesite="Lax",
        )


def from_cookie(request: HttpRequest, *, survey) -> str | None:
    """The key the browser holds for `survey`, if it was given to this very user; else None."""
    for language, _name in settings.LANGUAGES:
        key = request.get_signed_cookie(
            cookie_name(survey, language), default=None, salt=_salt(survey, request.user)
        )
        if key:
            return key
    return None

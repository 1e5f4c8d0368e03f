"""What a page computes again at every render from inputs that do not change while a process
runs, kept per process: addresses (``reverse``), and the results of small pure functions of
the active language (:func:`per_language`: a date range, a place's name). The template tags'
side of it is ``idm_portal.templatetags.i18n_kept``.

Each key holds :data:`generation`, so that everything kept is forgotten at once when a
setting changes (tests: override_settings of LANGUAGES, ROOT_URLCONF, STORAGES...) or when the
development server sees a catalogue (.mo) change. Nothing that depends on the database is kept
here: the rows a page shows are read at every render.
"""

from collections.abc import Callable
from functools import lru_cache, wraps

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils import translation
from django.utils.autoreload import file_changed

# Part of every kept value's key.
generation = 0
# Enough for every address and date of a few programmes; the least recently used go first.
MAXSIZE = 4096


def forget() -> None:
    global generation
    generation += 1


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    # Settings change only in tests (override_settings): forgetting everything costs nothing.
    forget()


@receiver(file_changed)
def _catalogue_changed(*, file_path, **kwargs) -> None:
    # Django's own receiver reloads the catalogues; it alone answers whether to restart.
    if str(file_path).endswith(".mo"):
        forget()


@lru_cache(maxsize=MAXSIZE)
def _reverse(_generation, viewname, args, kwargs, _language, _prefix, _urlconf, current_app):
    return django_reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(viewname: str, args=None, kwargs=None, current_app=None) -> str:
    """django.urls.reverse, kept by everything its result depends on besides the URLconf's
    patterns: the active language (i18n_patterns' prefix), the script prefix and the
    request's URLconf. The arguments must be hashable (numbers, strings)."""
    return _reverse(
        generation,
        viewname,
        tuple(args or ()),
        tuple(sorted((kwargs or {}).items())),
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
        current_app,
    )


def per_language(function: Callable) -> Callable:
    """Keep `function`'s result by its (hashable) arguments and the active language: for a
    pure function of both, such as a date range written in the language's format."""

    @lru_cache(maxsize=MAXSIZE)
    def kept(_generation, _language, *args):
        return function(*args)

    @wraps(function)
    def wrapper(*args):
        return kept(generation, translation.get_language(), *args)

    wrapper.uncached = function
    return wrapper

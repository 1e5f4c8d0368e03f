"""idm_portal.kept: addresses, date ranges, day headings and places kept per process say
what Django says, in each language, and follow a change of settings."""

import datetime

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from idm_portal import kept
from idm_portal.templatetags import portal
from tests.idm_portal.catalogues import french_catalogue

urlpatterns = [path("elsewhere/<int:year>/", lambda request, year: None, name="programme")]

MARCH_25 = datetime.date(2009, 3, 25)


def test_reverse_says_what_django_says_in_each_language_and_script_prefix():
    try:
        for prefix in ("/", "/portal/", "/"):
            set_script_prefix(prefix)
            for language in ("en", "fr", "es", "fr"):
                with translation.override(language):
                    for name, kwargs in (
                        ("workshops:programme", {"year": 2009}),
                        ("workshops:detail", {"slug": "human-rights"}),
                        ("workshops:document", {"symbol": "IC/2009/1", "language": "es"}),
                    ):
                        assert kept.reverse(name, kwargs=kwargs) == django_reverse(
                            name, kwargs=kwargs
                        )
        set_script_prefix("/portal/")
        with translation.override("es"):
            assert kept.reverse("workshops:programme", kwargs={"year": 2010}) == (
                "/portal/es/programme/2010/"
            )
    finally:
        set_script_prefix("/")


def test_reverse_still_raises_for_a_missing_view_and_follows_the_urlconf():
    with pytest.raises(NoReverseMatch):
        kept.reverse("no-such-view")
    with translation.override("en"):
        before = kept.reverse("workshops:programme", kwargs={"year": 2009})
        with override_settings(ROOT_URLCONF=__name__):
            assert kept.reverse("programme", kwargs={"year": 2009}) == "/elsewhere/2009/"
        assert kept.reverse("workshops:programme", kwargs={"year": 2009}) == before


@pytest.mark.parametrize(
    "language, dates, shown",
    [
        ("en", (MARCH_25, datetime.date(2009, 3, 26)), "25–26 March 2009"),
        ("fr", (MARCH_25, datetime.date(2009, 3, 26)), "25–26 mars 2009"),
        ("es", (MARCH_25, datetime.date(2009, 4, 2)), "25 de marzo – 2 de abril de 2009"),
        ("en", (MARCH_25, None), "25 March 2009"),
    ],
)
def test_date_range_is_the_same_kept_or_not(language, dates, shown):
    with translation.override(language):
        assert portal.date_range(*dates) == shown
        assert portal.date_range(*dates) == portal._date_range.uncached(*dates)


def test_day_headings_in_each_language_one_after_another():
    shown = []
    for language in ("en", "fr", "es", "fr", "en"):
        with translation.override(language):
            shown.append(portal.day_heading(MARCH_25))
    assert shown == [
        "Wednesday, 25 March 2009",
        "Mercredi 25 mars 2009",
        "Miércoles, 25 de marzo de 2009",
        "Mercredi 25 mars 2009",
        "Wednesday, 25 March 2009",
    ]


def test_places_follow_the_language_kept_or_not():
    shown = []
    for language in ("fr", "es", "en", "fr"):
        with translation.override(language):
            shown.append(portal.place("Palais des Nations, Geneva"))
    assert shown == [
        "Palais des Nations, Genève",
        "Palais des Nations, Ginebra",
        "Palais des Nations, Geneva",
        "Palais des Nations, Genève",
    ]


def test_a_setting_change_forgets_what_was_kept(tmp_path):
    march = (MARCH_25, datetime.date(2009, 3, 26))
    with translation.override("fr"):
        assert portal.date_range(*march) == "25–26 mars 2009"
    locale = french_catalogue(tmp_path, "%(start)s–%(end)s", "du %(start)s au %(end)s")

    with override_settings(LOCALE_PATHS=[locale]), translation.override("fr"):
        assert portal.date_range(*march) == "du 25 au 26 mars 2009"
    with translation.override("fr"):
        assert portal.date_range(*march) == "25–26 mars 2009"

"""{% translate %} keeps its constant messages per language (idm_portal/templatetags/i18n_kept.py):
what a page shows must be exactly what Django's own tags showed, in every language, however
often and in whatever order the same template is rendered."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.test import override_settings
from django.urls import path
from django.utils import translation

from idm_portal.templatetags.i18n_kept import KeptTranslateNode
from tests.idm_portal.catalogues import french_catalogue


def template(source: str):
    return engines["django"].from_string("{% load i18n_kept %}" + source)


def render(compiled, language: str, **context) -> str:
    with translation.override(language):
        return compiled.render(context)


def test_the_library_gives_the_kept_tags():
    compiled = template('{% translate "Home" %}{% get_current_language as code %}{{ code }}')
    nodes = compiled.template.nodelist.get_nodes_by_type(KeptTranslateNode)
    assert len(nodes) == 1
    assert render(compiled, "fr") == "Accueilfr"


def test_the_portals_templates_load_the_kept_tags_not_djangos():
    listed = subprocess.run(
        ["git", "ls-files", "*.html", "*.txt"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    loads = re.compile(r"\{%\s*load\s+([^%]*)%\}")
    # Django's i18n or static library loaded after ours would replace the kept tags.
    plain = [
        name
        for name in listed
        for load in loads.findall((Path(settings.BASE_DIR) / name).read_text())
        if {"i18n", "static"} & set(load.split())
    ]
    assert len(listed) > 100
    assert plain == []


def test_the_same_template_follows_the_active_language_at_every_render():
    compiled = template('{% translate "Sign in" %} · {% translate "Home" %}')
    shown = [render(compiled, language) for language in ("en", "fr", "es", "fr", "en", "es")]
    assert shown == [
        "Sign in · Home",
        "Se connecter · Accueil",
        "Iniciar sesión · Inicio",
        "Se connecter · Accueil",
        "Sign in · Home",
        "Iniciar sesión · Inicio",
    ]


def test_autoescape_and_as_variable_work_as_in_django():
    compiled = template(
        '{% translate "Fish & Chips" %}|{% autoescape off %}{% translate "Fish & Chips" %}'
        '{% endautoescape %}|{% translate "Create an account" as label %}[{{ label }}]'
    )
    # A template's own text is safe: Django escapes neither.
    assert render(compiled, "en") == "Fish & Chips|Fish & Chips|[Create an account]"
    assert render(compiled, "fr") == "Fish & Chips|Fish & Chips|[Créer un compte]"
    assert render(compiled, "en") == "Fish & Chips|Fish & Chips|[Create an account]"


def test_a_message_context_and_a_variable_message_are_translated_at_each_render():
    compiled = template(
        '{% translate "May" context "alt. month" %}|{% translate message %}'
        '|{% translate "seats"|upper %}'
    )

    def month(language: str) -> str:
        with translation.override(language):
            return translation.pgettext("alt. month", "May")

    assert month("fr") != month("en")
    assert render(compiled, "fr", message="Home") == f"{month('fr')}|Accueil|PLACES"
    assert render(compiled, "fr", message="Sign in") == f"{month('fr')}|Se connecter|PLACES"
    assert render(compiled, "es", message="Home") == f"{month('es')}|Inicio|PLAZAS"
    assert render(compiled, "en", message="Home") == "May|Home|SEATS"


def test_blocktranslate_keeps_its_message_but_not_its_values():
    compiled = template(
        "{% blocktranslate count left=left with seats=seats %}{{ left }} seat of {{ seats }} "
        "left.{% plural %}{{ left }} seats of {{ seats }} left.{% endblocktranslate %}"
    )
    assert render(compiled, "en", left=1, seats=40) == "1 seat of 40 left."
    assert render(compiled, "fr", left=3, seats=40) == "3 places restantes sur 40."
    assert render(compiled, "en", left=7, seats=12) == "7 seats of 12 left."
    assert render(compiled, "fr", left=1, seats=5) == "1 place restante sur 5."


def test_new_catalogues_are_read_again_as_django_reads_them(tmp_path):
    compiled = template('{% translate "Home" %}')
    assert render(compiled, "fr") == "Accueil"
    locale = french_catalogue(tmp_path, "Home", "Page d’accueil")

    with override_settings(LOCALE_PATHS=[locale]):
        assert render(compiled, "fr") == "Page d’accueil"
    assert render(compiled, "fr") == "Accueil"


@pytest.mark.django_db
def test_a_public_page_in_three_languages_one_after_another(client):
    titles = {}
    for language in ("en", "fr", "es", "en", "fr"):
        page = client.get(f"/{language}/").content.decode()
        titles.setdefault(language, set()).add("Create an account" in page)
        assert ("Créer un compte" in page) is (language == "fr")
        assert ("Crear una cuenta" in page) is (language == "es")
    assert titles == {"en": {True}, "fr": {False}, "es": {False}}


LANGUAGE_SWITCHER = (
    "{% get_available_languages as LANGUAGES %}"
    "{% get_language_info_list for LANGUAGES as languages %}"
    "{% for code, name in LANGUAGES %}{{ code }}={{ name }};{% endfor %}"
    "{% for language in languages %}{{ language.code }}:{{ language.name_local }}:"
    "{{ language.name_translated }};{% endfor %}"
)


def test_the_language_lists_say_what_djangos_tags_say_in_each_language():
    kept = template(LANGUAGE_SWITCHER)
    django = engines["django"].from_string("{% load i18n %}" + LANGUAGE_SWITCHER)
    for language in ("en", "fr", "es", "fr", "en"):
        assert render(kept, language) == render(django, language)
    assert "fr=Francés;" in render(kept, "es")
    assert "fr:français:French;" in render(kept, "en")
    assert "es:español:Espagnol;" in render(kept, "fr")


def test_the_language_lists_follow_a_change_of_languages():
    kept = template(LANGUAGE_SWITCHER)
    assert render(kept, "en").count(";") == 6
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        assert render(kept, "en") == "en=English;fr=French;en:English:English;fr:français:French;"
    assert render(kept, "en").count(";") == 6


# A URLconf of one page, to see that a kept {% url %} follows ROOT_URLCONF.
urlpatterns = [path("somewhere/home/", lambda request: None, name="home")]

URLS = (
    "{% url 'home' %}|{% url 'workshops:programme' 2009 %}|"
    "{% url 'workshops:detail' slug='a-b' %}|{% url 'no-such-view' as missing %}[{{ missing }}]|"
    "{% url 'home' as home %}{{ home }}|{% static 'css/portal.css' %}|{% url view %}|"
    "{% static path %}|{% url 'generated_file' 5 'a&b.pdf' %}"
)


def both(source: str):
    return template(source), engines["django"].from_string("{% load i18n static %}" + source)


def test_kept_urls_and_static_files_are_djangos_in_each_language_and_prefix():
    from django.urls import set_script_prefix

    kept, django = both(URLS)
    context = {"view": "account_login", "path": "img/favicon.svg"}
    try:
        for prefix in ("/", "/portal/", "/"):
            set_script_prefix(prefix)
            for language in ("en", "fr", "es", "en"):
                assert render(kept, language, **context) == render(django, language, **context)
        set_script_prefix("/portal/")
        shown = render(kept, "fr", **context)
        assert shown.startswith("/portal/fr/|/portal/fr/programme/2009/|")
        assert "[]" in shown and "/portal/fr/accounts/login/" in shown
    finally:
        set_script_prefix("/")


def test_a_kept_url_is_escaped_as_djangos_and_a_missing_view_still_raises():
    from django.urls import NoReverseMatch

    kept, django = both("{% autoescape off %}{% url 'home' %}{% endautoescape %}{% url 'home' %}")
    assert render(kept, "es") == render(django, "es") == "/es//es/"
    missing = template("{% url 'no-such-view' %}")
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            render(missing, "en")


def test_kept_urls_follow_another_urlconf_and_static_files_another_storage():
    kept = template("{% url 'home' as home %}[{{ home }}]{% static 'css/portal.css' %}")
    before = render(kept, "en")
    assert before.startswith("[/en/]")
    with override_settings(ROOT_URLCONF=__name__, STATIC_URL="/elsewhere/"):
        during = render(kept, "en")
    assert during == "[/somewhere/home/]/elsewhere/css/portal.css"
    assert render(kept, "en") == before

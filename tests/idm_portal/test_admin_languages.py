"""The admin names third-party apps and models in the reader's language: allauth.mfa's
"MFA" and "Authenticators" are named in French and Spanish (idm_portal.apps), and naming them
there asks for no migration in allauth's package."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.db.migrations.state import ModelState

from tests.idm_portal.factories import UserFactory

# What allauth.mfa shows when nobody names it: its app label, the model's and fields' defaults.
ENGLISH_NAMES = ["MFA", "Authenticators", "Authenticator", "Data", "Created at", "Last used at"]
NAMES = {
    "fr": {
        "app": "Authentification à deux facteurs",
        "plural": "Authentificateurs",
        "columns": ["Utilisateur", "Type", "Création", "Dernière utilisation"],
        "data": "Données",
    },
    "es": {
        "app": "Autenticación de doble factor",
        "plural": "Autenticadores",
        "columns": ["Usuario", "Tipo", "Creación", "Último uso"],
        "data": "Datos",
    },
}


@pytest.fixture
def superuser(client, settings):
    # The second factor staff need for the admin is tested in test_admin_login.py.
    settings.ADMIN_REQUIRE_MFA = False
    user = UserFactory(is_staff=True, is_superuser=True, verified=True)
    client.force_login(user)
    return user


def page(client, language: str, url: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    assert f'lang="{language}"' in response.content.decode()
    return response.content.decode()


def english_names_shown(html: str) -> list[str]:
    """The English names of allauth.mfa shown as text (not in URLs or CSS classes)."""
    text = re.sub(r"<[^>]+>", "\n", html)
    return [name for name in ENGLISH_NAMES if re.search(rf"(?<![\w-]){name}(?![\w-])", text)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_admin_names_two_factor_authentication_and_its_authenticators_in_french_and_spanish(
    client, superuser, language
):
    TOTP.activate(superuser, generate_totp_secret())
    authenticator = Authenticator.objects.get(user=superuser)
    names = NAMES[language]

    index = page(client, language, "/admin/")
    changelist = page(client, language, "/admin/mfa/authenticator/")
    app_index = page(client, language, "/admin/mfa/")
    change = page(client, language, f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    delete = page(client, language, f"/admin/mfa/authenticator/{authenticator.pk}/delete/")

    assert names["app"] in index and names["plural"] in index
    assert f"{names['app']}</a>" in changelist  # the breadcrumbs
    for column in names["columns"]:
        assert re.search(rf">\s*{column}\s*</a>", changelist), column
    assert names["app"] in app_index and names["plural"] in app_index
    assert re.search(rf"<label[^>]*>{names['data']}", change)
    assert names["plural"] in delete
    pages = {"index": index, "changelist": changelist, "app": app_index, "change": change}
    for name, html in {**pages, "delete": delete}.items():
        assert english_names_shown(html) == [], name


@pytest.mark.django_db
def test_naming_allauths_models_in_ready_asks_for_no_migration():
    """The names are set on _meta and the fields at start-up (idm_portal.apps); the
    autodetector reads what the model's Meta and fields were given, so no migration follows."""
    assert str(Authenticator._meta.verbose_name_plural) == "authenticators"
    assert str(Authenticator._meta.get_field("last_used_at").verbose_name) == "last used"
    state = ModelState.from_model(Authenticator)
    assert "verbose_name" not in state.options
    assert "verbose_name" not in state.fields["last_used_at"].deconstruct()[3]

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

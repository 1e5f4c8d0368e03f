"""Issue 15, attack 1: for every URL pattern that takes an object id (or any other value), each
role gets 404/403 (the login for whoever is not signed in, or not staff in the admin) on what
is not theirs, and its owner gets the page — so that the sweep can fail both ways.

The patterns come from the URL resolver, so a new one that tests/attack/access_table.py does
not know fails test_every_pattern_taking_a_value_is_in_the_table.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver
from django.utils import translation

from idm_portal.files import registry
from registrations.models.delegations import Delegation
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from surveys.models.responses import Draft, Response
from tests.attack import access_table
from tests.attack.access_table import FILE_KINDS, NOT_AN_OBJECT, SUPERUSER, Case
from tests.attack.admin_table import (
    ADMIN_MODEL_PATTERNS,
    ADMIN_MODEL_ROUTE,
    ADMIN_MODELS,
    ADMIN_PAGES,
)
from tests.attack.world import ANONYMOUS, ROLES, STAFF
from tests.idm_portal.date_parts import date_parts
from tests.registrations.pdf_files import TINY_PDF

TABLE = {**access_table.TABLE, **ADMIN_PAGES}


def _routes(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _takes_a_value(route: str) -> bool:
    return "<" in route or "(" in route


def value_routes() -> list[str]:
    with translation.override("en"):
        return sorted({route for route in _routes() if _takes_a_value(route)})


def _admin_model(route: str) -> tuple[str, str] | None:
    """(model label, what the pattern asks for) of a pattern the admin makes per model."""
    match = ADMIN_MODEL_ROUTE.match(route)
    if match is None or match["rest"] not in ADMIN_MODEL_PATTERNS:
        return None
    for label in ADMIN_MODELS:
        app, model = label.lower().split(".")
        if (app, model) == (match["app"], match["model"]):
            return label, ADMIN_MODEL_PATTERNS[match["rest"]]
    return f"{match['app']}.{match['model']}", ""  # a model the table does not know


def _unknown(route: str) -> bool:
    if route in TABLE or route in NOT_AN_OBJECT:
        return False
    admin_model = _admin_model(route)
    return admin_model is None or admin_model[0] not in ADMIN_MODELS


def test_every_pattern_taking_a_value_is_in_the_table():
    unknown = [route for route in value_routes() if _unknown(route)]
    assert not unknown, (
        "URL patterns taking a value that the access sweep does not know: say in "
        f"tests/attack/access_table.py who may see their objects: {unknown}"
    )


def test_the_table_names_no_pattern_that_is_gone():
    routes = set(value_routes())
    assert set(TABLE) | set(NOT_AN_OBJECT) <= routes


def test_every_model_of_the_admin_is_in_the_table():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def test_every_kind_of_generated_file_is_in_the_table():
    registry._discover()
    # Kinds the portal registers; tests may add their own (tests/idm_portal/slow_renderer.py),
    # which stay in the registry for the rest of the session.
    kinds = {
        kind
        for kind, renderer in registry._REGISTRY.items()
        if not renderer.render.__module__.startswith("tests.")
    }
    assert kinds == set(FILE_KINDS)


# --- the sweep ------------------------------------------------------------------------------


def _is_login(response) -> bool:
    if response.status_code != 302:
        return False
    path = urlsplit(response["Location"]).path
    return path.endswith("/accounts/login/") or path == "/admin/login/"


def _ask(client, case: Case, world, url: str):
    if case.method == "post":
        data = case.data(world) if case.data else {}
        return client.post(url, data)
    return client.get(url)


def _plausible_form() -> dict:
    """What an owner would send to any of the forms: the attacker's POST."""
    return {
        "reason": "Withdrawn by someone else",
        "role": "head",
        "registration": "",
        "note_verbale_reference": "NV/1",
        **date_parts("note_verbale_date", "2030-01-01"),
        "note_verbale": SimpleUploadedFile("nv.pdf", TINY_PDF, content_type="application/pdf"),
        "departure_city": "Nairobi",
        "expertise": "Migration policy",
        "email": "attacker@example.org",
        "title": "mr",
        "family_name": "Attacker",
        "given_names": "Anne",
        "action": "submit",
        "submission": "attack",
    }


def snapshot(world) -> dict:
    """What the forms of the sweep could change."""
    return {
        "registrations": list(
            Registration.objects.order_by("pk").values_list("pk", "status", "role")
        ),
        "sponsorships": list(Sponsorship.objects.order_by("pk").values_list("pk", "status")),
        "delegations": list(
            Delegation.objects.order_by("pk").values_list(
                "pk", "note_verbale", "note_verbale_reference", "note_verbale_status"
            )
        ),
        "invitations": list(
            DelegateInvitation.objects.order_by("pk").values_list(
                "pk", "accepted_at", "declined_at", "withdrawn_at", "registration"
            )
        ),
        "responses": Response.objects.count(),
        "drafts": Draft.objects.count(),
    }


def _refused(case: Case, role: str, response) -> bool:
    if response.status_code in (403, 404):
        return True
    return _is_login(response) and (role == ANONYMOUS or case.staff_page)


def _check(clients, world, case: Case, url: str, roles) -> list[str]:
    """Each role's answer at `url`; the wrong ones, said plainly. The roles that may not have
    it ask first; the owners after, so that an owner's POST comes last."""
    wrong = []
    before = snapshot(world)
    for role in [role for role in roles if role not in case.allowed]:
        response = _ask(clients[role], case, world, url)
        if not _refused(case, role, response):
            wrong.append(f"{case.label}: {role} (may not) got {response.status_code} at {url}")
        if case.post_by_others:
            response = clients[role].post(url, _plausible_form())
            if not _refused(case, role, response):
                wrong.append(f"{case.label}: {role} (may not) POSTed: {response.status_code}")
    if snapshot(world) != before:
        wrong.append(f"{case.label}: refused requests changed {before} into {snapshot(world)}")
    for role in [role for role in roles if role in case.allowed]:
        response = _ask(clients[role], case, world, url)
        if response.status_code not in case.ok or _is_login(response):
            wrong.append(f"{case.label}: {role} (may) got {response.status_code} at {url}")
    return wrong


SITE_ROUTES = [route for route in value_routes() if route in TABLE]


@pytest.mark.django_db
@pytest.mark.parametrize("route", SITE_ROUTES)
def test_each_role_gets_only_its_own_objects(world_and_clients, route):
    world, clients = world_and_clients
    roles = [*ROLES, SUPERUSER] if route.startswith("admin/") else ROLES
    wrong = []
    with translation.override("en"):
        for case in TABLE[route]:
            wrong += _check(clients, world, case, case.url(world), roles)
    assert not wrong, "\n".join(wrong)


ADMIN_LABELS = sorted(ADMIN_MODELS)


def _admin_urls(label: str, obj) -> list[tuple[str, str]]:
    """(what it asks for, URL) of each of the admin's per-model patterns for `obj`."""
    app, model = label.lower().split(".")
    urls = []
    for route in value_routes():
        found = _admin_model(route)
        if found is None or found[0] != label:
            continue
        rest = ADMIN_MODEL_ROUTE.match(route)["rest"]
        base = f"/admin/{app}/{model}/{obj.pk}/"
        if rest == "^([^/]+)/history/([^/]+)/$":
            urls.append(("view", f"{base}history/{obj.history.latest().history_id}/"))
        else:
            urls.append((found[1], base + rest.removeprefix("<path:object_id>/")))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_the_admin_shows_each_model_only_to_the_staff_who_may_see_it(world_and_clients, label):
    world, clients = world_and_clients
    row = ADMIN_MODELS[label]
    obj = row.obj(world)
    wrong = []
    for what, url in _admin_urls(label, obj):
        if what == "redirect":
            # The bare object URL sends staff on to its change page, checked above.
            case = Case(
                f"{label} {what}",
                lambda w, u=url: u,
                STAFF | {SUPERUSER},
                ok={302},
                staff_page=True,
            )
        else:
            case = Case(f"{label} {what}", lambda w, u=url: u, getattr(row, what), staff_page=True)
        wrong += _check(clients, world, case, url, [*ROLES, SUPERUSER])
    assert not wrong, "\n".join(wrong)

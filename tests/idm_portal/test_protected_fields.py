"""Whoever may not read a field may not query by it: every admin page, every lookup.

A filter that answers "1 delegate profile" for `?passport_number__startswith=PZQ7` and "0" for
`…=XXX` reads a passport number one character at a time. These tests walk every ModelAdmin
registered on the portal's admin site, find every path from its model to a protected field
(directly and through up to three relations, forward or reverse), and try each with many
lookups on the change list and the export: a user without the permission gets a 400 whatever
the value, so the answer tells nothing.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import NoReverseMatch, reverse

from idm_portal.admin_site import PortalAdminSite, guarded
from idm_portal.guards.protected_fields import permissions_needed, protections
from idm_portal.models import GeneratedFile
from idm_portal.roles import FINANCE, SECRETARIAT
from registrations.models.profiles import DelegateProfile
from tests.idm_portal.factories import UserFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory

PASSPORT = "PZQ7481923"
PASSPORT_PERMISSION = "registrations.view_passport_details"
# A lookup, a transform and a test of presence: the guard decides by the path whatever follows.
LOOKUPS = ["", "__startswith", "__icontains", "__in", "__isnull", "__year"]


def _relations(model: type[models.Model]):
    """(query name, related model) for every relation of `model`, forward and reverse."""
    for field in model._meta.get_fields(include_hidden=False):
        if not field.is_relation or field.related_model is None:
            continue
        if isinstance(field.related_model, str):
            continue
        if field.auto_created and not field.concrete:
            name = field.field.related_query_name()
        else:
            name = field.name
        if name.endswith("+"):
            continue
        yield name, field.related_model


def protected_paths(model: type[models.Model], depth: int = 3) -> set[str]:
    """Every query path from `model` to a protected field, through at most `depth` relations."""
    targets = {
        target: {name for protection in items for name in protection.fields}
        for target, items in protections().items()
    }
    found: set[str] = set()

    def walk(current, prefix: str, level: int, came_from=None) -> None:
        protected_here = targets.get(current._meta.concrete_model, set())
        for name in protected_here:
            found.add(prefix + name)
        if level == depth:
            return
        for name, related in _relations(current):
            # Past a protected relation everything is refused at that step already; going
            # straight back where we came from only repeats a shorter path.
            if name in protected_here or related is came_from:
                continue
            walk(related, f"{prefix}{name}__", level + 1, current)

    walk(model, "", 0)
    return found


def registered_admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def export_url(model) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    except NoReverseMatch:
        return None


@pytest.fixture
def passport_holder(db):
    profile = DelegateProfileFactory(
        passport_number=PASSPORT,
        nationality="KE",
        date_of_birth=datetime.date(1971, 5, 4),
        passport_expiry=datetime.date(2031, 1, 1),
        wants_visa_letter=True,
    )
    RegistrationFactory(delegate=profile)
    return profile


def staff_without(permission: str):
    """Staff who may view every model of the admin, but lack `permission`."""
    app_label, codename = permission.split(".")
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__startswith="view_").exclude(
            codename=codename, content_type__app_label=app_label
        )
    )
    return user


@pytest.fixture
def nosy_staff(db):
    """Staff who may view every model of the admin, but not passport details."""
    return staff_without(PASSPORT_PERMISSION)


WITHHELD = sorted({p.permission for items in protections().values() for p in items})


def test_the_walk_finds_the_paths_to_passport_details():
    """The walk below is only as good as the paths it finds: it reaches the passport number
    from the profile itself and through registrations, delegations, workshops and users."""
    from idm_portal.models import User
    from registrations.models.delegations import Delegation
    from registrations.models.lifecycle import Registration
    from workshops.models import MemberState, Workshop

    assert "passport_number" in protected_paths(DelegateProfile)
    assert "delegate__passport_number" in protected_paths(Registration)
    assert "registrations__delegate__passport_number" in protected_paths(Delegation)
    assert "registrations__delegate__date_of_birth" in protected_paths(Workshop)
    assert "delegate_profile__nationality" in protected_paths(User)
    assert "delegates__passport_expiry" in protected_paths(MemberState)


def paths_needing(model, permission: str) -> list[str]:
    return [
        path for path in protected_paths(model) if permission in permissions_needed(model, path)
    ]


# Every registered admin whose model reaches a field needing the withheld permission (an admin
# that reaches none, such as the generated files', has nothing to refuse).
WALK = [
    pytest.param(model, withheld, id=f"{model.__name__}-{withheld}")
    for model, _model_admin in registered_admins()
    for withheld in WITHHELD
    if paths_needing(model, withheld)
]


def test_the_walk_covers_every_admin_but_the_ones_reaching_no_protected_field():
    walked = {param.values[0] for param in WALK}
    assert {model for model, _admin in registered_admins()} - walked == {GeneratedFile}


@pytest.mark.parametrize(("model", "withheld"), WALK)
def test_no_admin_page_filters_on_a_field_its_user_may_not_read(
    client, passport_holder, model, withheld
):
    paths = paths_needing(model, withheld)
    client.force_login(staff_without(withheld))
    urls = [changelist_url(model)]
    if export_url(model):
        urls.append(export_url(model))
    answered = {}
    for url in urls:
        for path in sorted(paths):
            for lookup in LOOKUPS if url == urls[0] else LOOKUPS[:2]:
                response = client.get(url, {path + lookup: PASSPORT[:4]})
                answered[(url, path + lookup)] = response.status_code
    # 400: the lookup is refused; 403: the whole page is (no permission for the model).
    allowed = {key: status for key, status in answered.items() if status not in (400, 403)}
    assert not allowed, f"queries answered instead of refused: {list(allowed.items())[:10]}"


@pytest.mark.parametrize("group", [SECRETARIAT, FINANCE])
def test_the_reported_passport_oracle_is_closed_for_both_staff_groups(
    client, passport_holder, group
):
    user = UserFactory(is_staff=True, groups=[group])
    client.force_login(user)
    url = changelist_url(DelegateProfile)
    right = client.get(url, {"id": passport_holder.pk, "passport_number__startswith": "PZQ7"})
    wrong = client.get(url, {"id": passport_holder.pk, "passport_number__startswith": "XXX"})
    assert right.status_code == wrong.status_code
    assert right.status_code in (400, 403)
    assert right.content == wrong.content


def test_staff_with_the_passport_permission_may_filter_by_it(client, passport_holder):
    """The guard follows the permission: it is not a blanket refusal."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_delegateprofile", "view_passport_details"])
    )
    client.force_login(user)
    url = changelist_url(DelegateProfile)
    right = client.get(url, {"passport_number__startswith": PASSPORT[:4]})
    wrong = client.get(url, {"passport_number__startswith": "XXX"})
    assert right.status_code == wrong.status_code == 200
    assert right.context["cl"].result_count == 1
    assert wrong.context["cl"].result_count == 0


def test_admin_autocomplete_does_not_search_passport_numbers(client, nosy_staff, passport_holder):
    client.force_login(nosy_staff)
    params = {"app_label": "registrations", "model_name": "registration", "field_name": "delegate"}
    by_name = client.get(
        reverse("admin:autocomplete"), {**params, "term": passport_holder.family_name}
    )
    by_passport = client.get(reverse("admin:autocomplete"), {**params, "term": PASSPORT[:6]})
    assert by_name.status_code == by_passport.status_code == 200
    assert [r["id"] for r in by_name.json()["results"]] == [str(passport_holder.pk)]
    assert by_passport.json()["results"] == []


def test_history_pages_answer_the_same_whatever_a_passport_parameter_says(
    client, nosy_staff, passport_holder
):
    nosy_staff.user_permissions.add(Permission.objects.get(codename="view_delegateprofile"))
    client.force_login(nosy_staff)
    url = reverse("admin:registrations_delegateprofile_history", args=[passport_holder.pk])
    right = client.get(url, {"passport_number__startswith": PASSPORT[:4]})
    wrong = client.get(url, {"passport_number__startswith": "XXX"})
    assert right.status_code == wrong.status_code == 200
    assert PASSPORT not in right.content.decode()
    assert _without_tokens(right, PASSPORT[:4]) == _without_tokens(wrong, "XXX")


def _without_tokens(response, value: str) -> str:
    """The page without its CSRF token and the echoed parameter value."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page.replace(value, "VALUE")


class CarelessProfileAdmin(admin.ModelAdmin):
    """An admin written without thinking of passport details."""

    list_display = ("family_name", "passport_number", "expiry")
    list_filter = ("nationality", "participant_type")
    search_fields = ("family_name", "^passport_number", "=date_of_birth")
    ordering = ("passport_expiry", "family_name")

    @admin.display(ordering="passport_expiry")
    def expiry(self, obj):
        return "—"


def test_a_careless_admin_offers_no_protected_column_filter_search_or_ordering(rf, db):
    site = PortalAdminSite(name="careless")
    site.register(DelegateProfile, CarelessProfileAdmin)
    model_admin = site._registry[DelegateProfile]
    request = rf.get("/")
    request.user = UserFactory(is_staff=True)

    assert model_admin.get_list_display(request) == ["family_name"]
    assert model_admin.get_list_filter(request) == ["participant_type"]
    assert model_admin.get_search_fields(request) == ["family_name"]
    assert model_admin.get_ordering(request) == ["family_name"]
    assert not model_admin.lookup_allowed("passport_number__startswith", "P", request)

    request.user.user_permissions.add(Permission.objects.get(codename="view_passport_details"))
    request.user = type(request.user).objects.get(pk=request.user.pk)  # fresh permission cache
    assert "passport_number" in model_admin.get_list_display(request)
    assert "^passport_number" in model_admin.get_search_fields(request)


def test_every_admin_registered_on_the_site_carries_the_guard():
    from idm_portal.guards.protected_fields import ProtectedFieldsAdminMixin

    unguarded = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ProtectedFieldsAdminMixin)
    ]
    assert unguarded == []
    assert guarded(CarelessProfileAdmin) is not CarelessProfileAdmin


def test_paths_through_relations_need_the_permission():
    from registrations.models.lifecycle import Registration

    assert permissions_needed(Registration, "delegate__passport_number__startswith") == {
        PASSPORT_PERMISSION
    }
    assert permissions_needed(Registration, "delegate__family_name__startswith") == set()

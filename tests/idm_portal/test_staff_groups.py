"""The staff groups exist after migrate with the permissions of idm_portal/roles.py."""

import pytest
from django.contrib.auth.models import Group

from idm_portal.roles import FINANCE, SECRETARIAT
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_secretariat_and_finance_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {SECRETARIAT, FINANCE}


def test_secretariat_runs_the_programme_and_only_reads_the_accounts():
    permissions = codenames(SECRETARIAT)
    for model in ("programme", "workshop", "agendaitem", "keydate", "memberstate"):
        for action in ("add", "change", "delete", "view"):
            assert f"workshops.{action}_{model}" in permissions
    assert "idm_portal.view_user" in permissions
    assert "idm_portal.change_user" not in permissions
    assert not any(p.startswith("auth.") for p in permissions)


def test_finance_reads_the_programme_but_cannot_change_it():
    permissions = codenames(FINANCE)
    assert "workshops.view_workshop" in permissions
    assert "workshops.view_programme" in permissions
    assert not {p for p in permissions if p.startswith("workshops.") and ".view_" not in p}
    assert "idm_portal.view_user" not in permissions


def test_group_members_get_the_group_permissions():
    secretariat = SecretariatStaffFactory()
    finance = FinanceStaffFactory()
    assert secretariat.has_perm("workshops.change_workshop")
    assert not finance.has_perm("workshops.change_workshop")
    assert finance.has_perm("workshops.view_workshop")

"""workshops.hooks: the apps above the programme add blocks to the workshop page and parts to
its admin without the programme naming them; the page and the admin keep a query count that
does not grow with the data."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from idm_portal import page_cache
from idm_portal.files.services import request_file
from registrations.models.lifecycle import Registration
from registrations.participants_lists.services import set_participants_lists_published
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import AgendaItemFactory, ProgrammeFactory, WorkshopFactory
from workshops import hooks

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/workshops/workshop/"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def own_registry(monkeypatch):
    """The registries as the apps filled them, restored after the test."""
    monkeypatch.setattr(hooks, "_PAGE_BLOCKS", dict(hooks._PAGE_BLOCKS))
    monkeypatch.setattr(hooks, "_ADMIN", dict(hooks._ADMIN))


@pytest.fixture
def block_templates(settings, tmp_path):
    (tmp_path / "blocks").mkdir()
    for name in ("first", "second", "aside"):
        (tmp_path / "blocks" / f"{name}.html").write_text(
            f"<p class='test-block'>{name}: {{{{ workshop.title }}}} {{{{ extra }}}}</p>"
        )
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatStaffFactory(first_name="Sana", last_name="Secretariat"))
    return client


def query_count(client, url: str) -> int:
    """The queries of `url` rendered (not served whole from idm_portal.page_cache)."""
    page_cache.bump()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_participants(workshop, count: int) -> None:
    for _ in range(count):
        RegistrationFactory(
            delegate=DelegateProfileFactory(),
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
        )


# --- Blocks on the workshop page ---------------------------------------------------------------


def test_blocks_are_rendered_in_their_place_and_order_and_none_shows_nothing(
    client, own_registry, block_templates
):
    workshop = WorkshopFactory(title="Managing Return Migration")
    hooks.register_page_block(
        "second",
        render=lambda request, w: hooks.Block("blocks/second.html", {"extra": "B"}),
        place=hooks.ABOUT,
        order=20,
    )
    hooks.register_page_block(
        "first",
        render=lambda request, w: hooks.Block("blocks/first.html", {"extra": "A"}),
        place=hooks.ABOUT,
        order=10,
    )
    hooks.register_page_block("nothing", render=lambda request, w: None, place=hooks.ASIDE, order=1)
    hooks.register_page_block(
        "aside", render=lambda request, w: hooks.Block("blocks/aside.html"), place=hooks.ASIDE
    )

    page = client.get(workshop.get_absolute_url()).content.decode()

    first = page.index("first: Managing Return Migration A")
    second = page.index("second: Managing Return Migration B")
    assert page.index("About the workshop") < first < second < page.index('id="agenda-heading"')
    aside = page.index("aside: Managing Return Migration")
    assert page.index('id="registration-heading"') < aside < page.index('class="facts"')
    assert page.count("test-block") == 3


def test_an_unknown_place_is_refused_at_registration(own_registry):
    with pytest.raises(ValueError, match="Unknown place"):
        hooks.register_page_block("x", render=lambda r, w: None, place="footer")


def test_the_registration_panel_and_the_published_list_come_from_registrations(client):
    workshop = WorkshopFactory()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f"/en/workshops/{workshop.slug}/register/" in page
    assert "participants-list" not in page
    assert "No documents have been published for this workshop yet." in page

    set_participants_lists_published(workshops=[workshop], is_published=True)

    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f"/en/workshops/{workshop.slug}/participants/pdf/" in page
    assert "No documents have been published for this workshop yet." not in page


def test_workshop_page_query_count_is_flat_and_the_published_list_costs_none(client):
    programme = ProgrammeFactory()
    workshop = WorkshopFactory(programme=programme)
    AgendaItemFactory.create_batch(2, workshop=workshop)
    url = workshop.get_absolute_url()
    client.get(url)
    unpublished = query_count(client, url)

    set_participants_lists_published(workshops=[workshop], is_published=True)
    published = query_count(client, url)
    add_participants(workshop, 20)
    AgendaItemFactory.create_batch(10, workshop=workshop)
    WorkshopFactory.create_batch(5, programme=programme)
    grown = query_count(client, url)

    assert unpublished == published == grown
    # The workshop (with its list's row), its agenda, its documents; and funding's badge
    # (workshops.hooks.attach_funding_states): budgets, pledges, payments of the programme.
    assert grown <= 6


# --- Contributions to the workshop admin -------------------------------------------------------


def test_contributed_fieldsets_actions_column_and_filter_reach_the_workshop_admin(
    secretariat, django_capture_on_commit_callbacks
):
    published, hidden = WorkshopFactory(title="Published one"), WorkshopFactory(title="Hidden one")
    with django_capture_on_commit_callbacks(execute=False):
        secretariat.post(
            CHANGELIST, {"action": "publish_participants_list", "_selected_action": [published.pk]}
        )

    change = secretariat.get(f"{CHANGELIST}{published.pk}/change/").content.decode()
    assert "List of participants" in change and "Registrations by region and gender" in change
    assert "Yes (since " in change and ", by Sana Secretariat)" in change
    assert 'name="participants_list_published"' not in change  # read-only: actions change it

    changelist = secretariat.get(CHANGELIST).content.decode()
    for action in (
        "generate_participants_lists",
        "publish_participants_list",
        "unpublish_participants_list",
    ):
        assert f'value="{action}"' in changelist
    assert "By list of participants published" in changelist
    yes = secretariat.get(f"{CHANGELIST}?participants_list_published__exact=1").content.decode()
    no = secretariat.get(f"{CHANGELIST}?participants_list_published__exact=0").content.decode()
    assert "Published one" in yes and "Hidden one" not in yes
    assert "Hidden one" in no and "Published one" not in no
    assert hidden.pk  # never published: no row, still found by "No"


def test_a_contribution_registered_later_shows_in_the_admin(secretariat, own_registry):
    workshop = WorkshopFactory()

    @admin.display(description="budget")
    def budget(obj) -> str:
        return f"Budget of {obj.title}"

    @admin.action(description="Recompute funding", permissions=["change"])
    def recompute(modeladmin, request, queryset) -> None:
        modeladmin.message_user(request, f"Recomputed {queryset.count()}")

    hooks.register_admin(
        "funding", fieldsets=[("Funding", {"fields": (budget,)})], actions=[recompute]
    )

    change = secretariat.get(f"{CHANGELIST}{workshop.pk}/change/").content.decode()
    assert f"Budget of {workshop.title}" in change
    response = secretariat.post(
        CHANGELIST, {"action": "recompute", "_selected_action": [workshop.pk]}, follow=True
    )
    assert "Recomputed 1" in response.content.decode()


def test_a_contributed_field_must_be_a_callable(own_registry):
    with pytest.raises(TypeError, match="callable"):
        hooks.register_admin("x", fieldsets=[("X", {"fields": ("participants_list",)})])


def test_workshop_admin_query_counts_do_not_grow_with_the_data(
    secretariat, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    workshops = WorkshopFactory.create_batch(2, programme=programme)
    set_participants_lists_published(
        workshops=workshops[:1], is_published=True, by=SecretariatStaffFactory()
    )
    workshop = workshops[0]
    change = f"{CHANGELIST}{workshop.pk}/change/"
    secretariat.get(CHANGELIST)
    few = (query_count(secretariat, CHANGELIST), query_count(secretariat, change))

    more = WorkshopFactory.create_batch(8, programme=programme)
    set_participants_lists_published(
        workshops=more[:5], is_published=True, by=SecretariatStaffFactory()
    )
    add_participants(workshop, 10)
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("participants_pdf", "participants_xlsx"):
            request_file(workshop, kind, "en")
    many = (query_count(secretariat, CHANGELIST), query_count(secretariat, change))

    assert many == few

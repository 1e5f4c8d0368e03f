"""What registrations adds to a workshop, through the hooks the programme offers
(workshops.hooks): the registration panel and the published list of participants on its
public page; the registrations summary link, the list's state, files and actions in its admin.
Registered by RegistrationsConfig.ready()."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registrations.participants_lists import admin as lists_admin
from registrations.participants_lists import selectors as participants_lists_selectors
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import lifecycle
from workshops import hooks


def registration_panel(request, workshop) -> hooks.Block:
    """The call to register with the seats left (one query), or why registration is closed."""
    if not workshop.is_registration_open:
        return hooks.Block("registrations/includes/workshop_registration.html")
    left = max(workshop.capacity - lifecycle.seats_taken(workshop_id=workshop.pk), 0)
    return hooks.Block("registrations/includes/workshop_registration.html", {"seats_left": left})


def sponsorship_block(request, workshop) -> hooks.Block | None:
    """Who may ask for travel sponsorship, the sponsored seats left, and a signed-in delegate's
    link to the request: two queries at most, whatever the data."""
    if not workshop.sponsored_seats or sponsorship_selectors.settings_for(workshop) is None:
        return None
    context = sponsorship_selectors.workshop_block(workshop)
    context["action"] = sponsorship_selectors.delegate_action(request.user, workshop)
    return hooks.Block("registrations/includes/workshop_sponsorship.html", context)


def participants_list_block(request, workshop) -> hooks.Block | None:
    if not participants_lists_selectors.is_published(workshop):
        return None
    return hooks.Block("registrations/participants_lists/workshop_block.html")


@admin.display(description=_("summary"))
def registration_summary_link(workshop) -> str:
    if not workshop.pk:
        return "–"
    url = reverse("admin:registrations_registration_summary", args=[workshop.pk])
    return format_html('<a href="{}">{}</a>', url, gettext("Registrations by region and gender"))


def register() -> None:
    # First in the side panel, which the workshop page puts before the agenda on a phone.
    hooks.register_page_block("registration", render=registration_panel, place=hooks.ASIDE, order=0)
    hooks.register_page_block(
        "sponsorship",
        render=sponsorship_block,
        place=hooks.ASIDE,
        order=5,
        select_related=["sponsorship_settings"],
    )
    hooks.register_page_block(
        "participants_list",
        render=participants_list_block,
        place=hooks.DOCUMENTS,
        select_related=["participants_list"],
    )
    hooks.register_admin(
        "registrations",
        fieldsets=[
            (_("Registrations"), {"fields": (registration_summary_link,)}),
            (
                _("List of participants"),
                {
                    "fields": (
                        lists_admin.published_state,
                        lists_admin.participants_files_status,
                    )
                },
            ),
        ],
        actions=[
            lists_admin.generate_participants_lists,
            lists_admin.publish_participants_list,
            lists_admin.unpublish_participants_list,
        ],
        list_display=[lists_admin.participants_list_published],
        list_filter=[lists_admin.PublishedFilter],
        select_related=["participants_list__changed_by"],
    )

"""The workshop admin's link to the fairness view of its travel sponsorship
(workshops.hooks.register_admin), registered from RegistrationsConfig.ready()."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workshops import hooks


@admin.display(description=_("travel sponsorship: fairness"))
def sponsorship_fairness_link(workshop) -> str:
    if not workshop.pk:
        return "–"
    url = reverse("registrations:sponsorship_fairness", args=[workshop.pk])
    return format_html(
        '<a href="{}">{}</a>',
        url,
        gettext("Sponsorship by region, income category and gender; what remains"),
    )


def register() -> None:
    hooks.register_admin(
        "sponsorship_fairness",
        fieldsets=[(_("Travel sponsorship: fairness"), {"fields": (sponsorship_fairness_link,)})],
    )

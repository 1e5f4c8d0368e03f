from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop


class ParticipantsList(models.Model):
    """Whether a workshop's public list of participants is on its page, and who last changed
    that. A workshop without a row has never had its list published. Written only by
    registrations.participants_lists.services."""

    workshop = models.OneToOneField(
        Workshop,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="participants_list",
        verbose_name=_("workshop"),
    )
    is_published = models.BooleanField(
        _("list of participants published"),
        default=False,
        help_text=_(
            "Shows the public list of participants (PDF and XLSX) on the workshop's page. "
            "Delegates who did not consent to public listing never appear in it."
        ),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        app_label = "registrations"
        verbose_name = _("list of participants")
        verbose_name_plural = _("lists of participants")

    def __str__(self) -> str:
        return str(self.workshop)

"""The fields that record why staff published content before its French and Spanish texts
existed (issue 11: parity before publishing). Workshop and Document inherit them; the rule
that reads them is in workshops/parity.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationWaiver(models.Model):
    translation_waiver_reason = models.CharField(
        _("published without all translations, because"),
        max_length=500,
        blank=True,
        help_text=_(
            "Only to open or publish before the French and Spanish texts exist: say why. "
            "Recorded with your name and the time."
        ),
    )
    translation_waiver_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("waived by"),
    )
    translation_waiver_at = models.DateTimeField(_("waived at"), null=True, blank=True)

    class Meta:
        abstract = True

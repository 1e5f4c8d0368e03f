"""The focal point: a user whom staff name to act for one member state. Named and moved only by
registrations.services.focal_points.name_focal_point.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FocalPoint(models.Model):
    """A user whom staff name to act for one member state (usually its Permanent Mission)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("member state"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named by"),
    )
    created_at = models.DateTimeField(_("named on"), auto_now_add=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["member_state__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.member_state})"

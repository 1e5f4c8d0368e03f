"""Donors of the programme and the people who log in for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from idm_portal.fields import bounded_text_field


class Donor(models.Model):
    """A government, an intergovernmental organisation, a foundation or a company that funds
    the programme. `name` is the staff's name for it; what visitors and other donors read is
    `public_name` (translated), and only when the donor agreed to be named."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
        FOUNDATION = "foundation", _("Foundation")
        PRIVATE_SECTOR = "private_sector", _("Private sector")

    name = models.CharField(_("name"), max_length=200, unique=True)
    public_name = models.CharField(
        _("public name"),
        max_length=200,
        blank=True,
        help_text=_("How the donor is named on public pages; leave empty to use its name."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donors",
        verbose_name=_("member state"),
        help_text=_("The state whose government this is (governments only)."),
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="donors",
        verbose_name=_("contacts"),
        help_text=_("People who log in to the donor's dashboard."),
    )
    is_publicly_named = models.BooleanField(
        _("agrees to be named publicly"),
        default=False,
        help_text=_("Other donors and visitors see this donor's name only if this is ticked."),
    )
    private_notes = bounded_text_field(
        _("private notes"),
        max_length=5000,
        blank=True,
        help_text=_("For IOM staff only: never shown to donors or visitors."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["is_publicly_named"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.GOVERNMENT and self.member_state_id is None:
            raise ValidationError(
                {"member_state": _("A government donor is the government of a member state.")}
            )
        if self.kind != self.Kind.GOVERNMENT and self.member_state_id is not None:
            raise ValidationError(
                {"member_state": _("Only a government donor belongs to a member state.")}
            )

    @property
    def display_name(self) -> str:
        """The donor's public name in the active language, or its name."""
        return self.public_name or self.name

"""What staff build in the admin: a Survey of a programme (optionally about one workshop), its
Questions in order and their Choices. Texts are translated (surveys/translation.py); a survey
is opened only by surveys.services.surveys.open_survey, which checks that the French and
Spanish texts exist or records why staff opened it anyway (the TranslationWaiver fields)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from idm_portal.fields import bounded_text_field
from workshops import dates
from workshops.parity_fields import TranslationWaiver

RATING_MIN = 1
RATING_MAX = 5


class Survey(TranslationWaiver):
    class Audience(models.TextChoices):
        # One response per member state, given by its focal point (any of them).
        MEMBER_STATES = "member_states", _("Member states (one response each, by a focal point)")
        # One per delegate whose registration to the survey's workshop is confirmed or attended.
        WORKSHOP_PARTICIPANTS = "workshop_participants", _("Participants of the workshop")
        # One per delegate with a profile on the portal.
        REGISTERED_DELEGATES = "registered_delegates", _("All registered delegates")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Opened")

    programme = models.ForeignKey(
        "workshops.Programme",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("workshop"),
        help_text=_("For a workshop's evaluation: the workshop its participants evaluate."),
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = bounded_text_field(_("introduction"), max_length=5000, blank=True)
    audience = models.CharField(_("audience"), max_length=25, choices=Audience.choices)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Records that a state or person answered apart from what they answered: nobody, "
            "staff included, can link an answer to its author. A submitted anonymous response "
            "can be changed until the survey closes only from the browser it was sent from."
        ),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day answers are taken."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
        editable=False,
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("A survey closes on or after the day it opens."),
            ),
        ]
        indexes = [models.Index(fields=["status", "opens_on", "closes_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("A survey closes on or after the day it opens.")
        # A copy for next year is prepared before staff choose its workshop; it opens with one.
        if (
            self.audience == self.Audience.WORKSHOP_PARTICIPANTS
            and not self.workshop_id
            and self.status == self.Status.OPEN
        ):
            errors["workshop"] = _("Choose the workshop whose participants answer.")
        if (
            self.workshop_id
            and self.programme_id
            and self.workshop.programme_id != self.programme_id
        ):
            errors["workshop"] = _("Choose a workshop of the survey's programme.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_opened(self) -> bool:
        """Staff opened it (with all three languages, or a recorded reason)."""
        return self.status == self.Status.OPEN

    @property
    def is_open_now(self) -> bool:
        """Whether it takes answers today: opened by staff, from opens_on to closes_on."""
        today = dates.today()
        return self.is_opened and self.opens_on <= today <= self.closes_on

    @property
    def has_closed(self) -> bool:
        return dates.today() > self.closes_on

    @property
    def is_for_member_states(self) -> bool:
        return self.audience == self.Audience.MEMBER_STATES


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single", _("Single choice")
        MULTIPLE_CHOICE = "multiple", _("Multiple choice")
        RANKING = "ranking", _("Ranking")
        RATING = "rating", _("Rating scale (1–5)")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.RANKING)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help"), max_length=500, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    low_label = models.CharField(
        _("label of 1"),
        max_length=100,
        blank=True,
        help_text=_("Rating scales only: what 1 means, e.g. “Not at all useful”."),
    )
    high_label = models.CharField(
        _("label of 5"),
        max_length=100,
        blank=True,
        help_text=_("Rating scales only: what 5 means, e.g. “Very useful”."),
    )
    # Theme selection (issue 14, item 5): who applied a ranking's winner as a programme's
    # overarching theme, when, and to which programme (surveys.services.themes).
    theme_applied_to = models.ForeignKey(
        "workshops.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winner applied as the theme of"),
        editable=False,
    )
    theme_applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme applied by"),
        editable=False,
    )
    theme_applied_at = models.DateTimeField(
        _("theme applied at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_rating(self) -> bool:
        return self.kind == self.Kind.RATING


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=300)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text

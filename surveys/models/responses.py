"""Who answered, the answers being written, and what was answered (the anonymity design is
in surveys/models/__init__.py). Written only by surveys.services.responses."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from idm_portal.fields import bounded_text_field
from surveys.models.surveys import RATING_MAX, RATING_MIN, Choice, Question, Survey

# A respondent is a member state (member-state surveys) or a person (the other audiences):
# exactly one of the two is set on a participation and a draft.
_ONE_RESPONDENT = (Q(member_state__isnull=False) & Q(user__isnull=True)) | (
    Q(member_state__isnull=True) & Q(user__isnull=False)
)


def _one_each(model: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["survey", "member_state"],
            condition=Q(member_state__isnull=False),
            name=f"{model}_one_per_state",
            violation_error_message=_("Your state has already answered this survey."),
        ),
        models.UniqueConstraint(
            fields=["survey", "user"],
            condition=Q(user__isnull=False),
            name=f"{model}_one_per_person",
            violation_error_message=_("You have already answered this survey."),
        ),
    ]


class Participation(models.Model):
    """*That* a member state or a person answered a survey: what enforces one response each and
    what the response rate counts. It names no response."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survey")
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_participations",
        verbose_name=_("member state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_participations",
        verbose_name=_("person"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            *_one_each("participation"),
            models.CheckConstraint(condition=_ONE_RESPONDENT, name="participation_one_respondent"),
        ]

    def __str__(self) -> str:
        return str(self.member_state or self.user)


class Draft(models.Model):
    """The answers a respondent is writing, as they were last saved (the form's values by
    question), linked to the respondent: a second focal point of the state continues it.
    Deleted when the response is submitted."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("survey")
    )
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # {"<question id>": value}: a choice id, a list of choice ids, {"<choice id>": rank}, a
    # rating, a number as text, or text. Checked by surveys.services.answers before saving.
    data = models.JSONField(_("answers"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            *_one_each("draft"),
            models.CheckConstraint(condition=_ONE_RESPONDENT, name="draft_one_respondent"),
        ]

    def __str__(self) -> str:
        return str(self.member_state or self.user)


class Response(models.Model):
    """*What* was answered: a submitted response. Of an anonymous survey it has no respondent
    and no time (all those fields stay empty), its key is random, and it keeps the digest of
    the edit key that only its author's browser holds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    # Respondent and times: only for surveys that are not anonymous.
    member_state = models.ForeignKey(
        "workshops.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("member state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("person"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True)
    # Only for anonymous surveys: the digest of the edit key its author's browser holds
    # (surveys/edit_keys.py), never the key itself. Empty when no key was given (the demo's).
    edit_key_digest = models.CharField(
        _("edit key digest"), max_length=64, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            *_one_each("response"),
            models.UniqueConstraint(
                fields=["edit_key_digest"],
                condition=~Q(edit_key_digest=""),
                name="response_edit_key_digest_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.member_state or self.user or _("Anonymous response"))


class Answer(models.Model):
    """One answer to one question: a choice (single choice; one row per choice ticked of a
    multiple choice; one row per choice with its rank for a ranking), a rating, a number or a
    text. Its key is random, like its response's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = bounded_text_field(_("text"), max_length=5000, blank=True)  # answers.LONG_TEXT_MAX

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | (Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX)),
                name="answer_rating_within_scale",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(choice__isnull=False),
                name="answer_rank_has_a_choice",
            ),
            # A ranking gives each of its choices one rank; a multiple choice ticks each once.
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="answer_one_row_per_choice",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "rank"],
                condition=Q(rank__isnull=False),
                name="answer_ranks_distinct",
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return str(self.question)


class AnswersVersion(models.Model):
    """How many times a survey's answers were written (a response submitted, changed): what
    the raw answers files' fingerprint reads (surveys/renderers.py) instead of every answer.
    Bumped by surveys.services.responses under the survey's row lock. A row of its own, not a
    field of Survey: a survey saved from a form read earlier would write an older count back.
    It names no response and keeps no time."""

    survey = models.OneToOneField(
        Survey,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="answers_version",
        verbose_name=_("survey"),
    )
    count = models.PositiveBigIntegerField(_("answers written"), default=0)

    class Meta:
        verbose_name = _("version of a survey’s answers")
        verbose_name_plural = _("versions of surveys’ answers")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.count}"

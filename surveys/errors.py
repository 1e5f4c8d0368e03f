"""Domain errors of surveys. A view shows `message` on the page (and, for AnswerErrors, each
question's message at its question); nothing already saved changes when one is raised."""

from django.utils.translation import gettext_lazy as _


class SurveyError(Exception):
    """Base of every refusal by surveys.services."""

    default_message = _("This action is not possible.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotForYou(SurveyError):
    """The survey is not for this user (a view answers 404: nothing says it exists)."""

    default_message = _("This survey is not for you.")


class SurveyClosed(SurveyError):
    default_message = _("This survey does not take answers now.")


class AlreadySubmitted(SurveyError):
    default_message = _(
        "Your answers to this anonymous survey are submitted. An anonymous answer can only be "
        "changed from the browser it was sent from: this browser does not hold its key."
    )

    @classmethod
    def other_focal_point(cls) -> "AlreadySubmitted":
        return cls(
            _(
                "Your state's anonymous answers were submitted by another focal point. Only the "
                "person who submitted them can change them, from the browser they used."
            )
        )


class MissingTranslations(SurveyError):
    default_message = _("The French and Spanish texts are not all written yet.")


class AnswerErrors(SurveyError):
    """Answers refused, each with its message, by question id."""

    default_message = _("Some answers need your attention: see the messages at the questions.")

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        super().__init__()

"""The models of surveys, one module per subject; import each from its module
(``from surveys.models.surveys import Survey``):

    surveys     Survey, Question, Choice: what staff build in the admin (texts in en/fr/es)
    responses   Participation (*that* a state or person answered), Draft (answers being
                written, linked to their author), Response and Answer (*what* was answered)

How anonymity is stored (DESIGN.md, "Survey"), read this before adding a field to a response:

- ``Participation`` says who answered a survey (the state, or the person) and when. One row
  per respondent (unique constraints), so it is what enforces one response each, for
  anonymous surveys as for the others.
- ``Response``/``Answer`` say what was answered. For an anonymous survey a response carries
  no respondent, no user, no state and no time at all, and its primary key and its answers'
  are random UUIDs: nothing orders them by when they were written, so the n-th participation
  cannot be matched with the n-th response either. There is no key between Participation and
  Response, in either direction. Nothing here keeps a change history (django-simple-history
  would store the author beside the answers).
- ``Draft`` holds the answers while the respondent is writing them, and is linked to its
  author (a second focal point of the same state sees and continues it). Submitting an
  anonymous survey, in one transaction: writes the Response and its Answers without an
  author, records the Participation, and deletes the Draft. After the commit the only row
  that tied author and answers is gone, so an anonymous response cannot be changed after
  submission (the page says so before the respondent submits). A non-anonymous response keeps
  its respondent and can be changed until the survey closes.

Every write goes through surveys.services; every read for pages and results through
surveys.selectors.
"""

# Django's app registry imports this package: importing the subject modules registers their
# models with the app.
from surveys.models import responses, surveys  # noqa: F401

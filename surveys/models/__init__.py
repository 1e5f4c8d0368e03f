"""The models of surveys, one module per subject; import each from its module
(``from surveys.models.surveys import Survey``):

    surveys     Survey, Question, Choice: what staff build in the admin (texts in en/fr/es)
    responses   Participation (*that* a state or person answered), Draft (answers being
                written, linked to their author), Response and Answer (*what* was answered),
                AnswersVersion (how many times a survey's answers were written)

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
  that tied author and answers is gone. A non-anonymous response keeps its respondent and can
  be changed until the survey closes.

Changing an anonymous response until the survey closes, with no link on the server
(surveys/edit_keys.py, surveys/services/responses.py):

- At the first submission the view makes a random edit key (``secrets.token_urlsafe``, 256
  bits). The Response stores only an HMAC-SHA256 keyed with it over the user's id
  (``edit_key_digest``: useless without the key, and opening the response for that person
  only); the key itself goes to the author's browser alone, in a signed (salted with the
  survey and the user), HttpOnly, SameSite=Lax cookie, Secure unless DEBUG, for the survey's
  answering path and expiring when the survey closes. Never in the session (a row tied to
  its user), a log, an e-mail or a page.
- With the key, the same person (still of the audience, with the Participation of their state
  or themselves, and the one who submitted it) re-opens the response and submits it again
  until the survey closes. Without it (another browser, cookies cleared, another focal point
  of the state) nobody can find the response again, and the page says so.
- A change writes nothing that would tie it to the Participation: the participation keeps
  the time of the first submission and is not written; the response gets no time
  (``submitted_at``/``changed_at`` stay empty for anonymous surveys); its answers are deleted
  and written anew with new random UUIDs, so nothing orders them by when they were written.
  No draft is kept of a change (beside the submitted answers it would be a link).
- What this does not hide: a request that changes a response is seen by the server while it
  runs (the key arrives with the user's session), and PostgreSQL's own row bookkeeping (the
  xmin transaction id, a row's physical place) is not for pages, exports or staff: rows
  written in one transaction, as a first submission's participation and response are, share
  an xmin. Reading system columns needs database access, not the portal's.

Every write goes through surveys.services; every read for pages and results through
surveys.selectors.
"""

# Django's app registry imports this package: importing the subject modules registers their
# models with the app.
from surveys.models import responses, surveys  # noqa: F401

"""Rendering the e-mails of registrations and invitations, in the recipient's language.

Only renders: the services that owe an e-mail (registrations.services, .invitations) render it
here inside the transaction of the change and queue it in the outbox (idm_portal.queue.outbox),
which sends it after commit. Templates: registrations/email/<kind>.txt and <kind>.html (both
extend base.txt/base.html). Links are absolute, built on settings.PORTAL_BASE_URL (default
http://127.0.0.1:8000).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registrations.models.emails import RegistrationEmail
from registrations.renderers import calendars
from workshops import text as content_text

Kind = RegistrationEmail.Kind

SUBJECTS = {
    Kind.RECEIVED: _("Registration received: %(workshop)s"),
    Kind.ENDORSED: _("Registration endorsed by your focal point: %(workshop)s"),
    Kind.CONFIRMED: _("Registration confirmed: %(workshop)s"),
    Kind.WAITLISTED: _("On the waitlist: %(workshop)s"),
    Kind.SEAT_OFFERED: _("A seat is available for you: %(workshop)s"),
    Kind.OFFER_LAPSED: _("Seat offer lapsed: %(workshop)s"),
    Kind.DECLINED: _("Registration declined: %(workshop)s"),
    Kind.CANCELLED: _("Registration cancelled: %(workshop)s"),
    Kind.CLAIM_ACCOUNT: _("You have been registered for %(workshop)s: activate your account"),
    Kind.INVITATION: _("Invitation to register for %(workshop)s"),
}

# Where the delegate pages live (built by the delegate pages); home until they exist.
MY_REGISTRATIONS_URL_NAME = "registrations:my_registrations"


def _absolute(path: str) -> str:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{path}"


def _url(name: str, **kwargs) -> str:
    try:
        return _absolute(reverse(name, kwargs=kwargs or None))
    except NoReverseMatch:
        return _absolute(reverse("home"))


def claim_account_url(user, *, then: str = "") -> str:
    """allauth's "set a new password" link: following it sets the first password (the
    portal's "Choose your password" page), then signs the person in and, with `then` (a path
    of the portal), takes them there."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    if then:
        path = f"{path}?{urlencode({'next': then})}"
    return _absolute(path)


def _account_of(address: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        found = EmailAddress.objects.select_related("user").filter(email__iexact=address).first()
        user = found.user if found else None
    return user


@dataclass(frozen=True)
class Rendered:
    """One e-mail, rendered in its recipient's language, ready for the outbox."""

    to: str
    subject: str
    text: str
    html: str
    language: str
    template: str  # the outbox row's kind: which e-mail this is
    attachments: tuple[dict[str, str], ...] = ()  # text files: filename, content, mimetype

    def queue_fields(self) -> dict:
        return {
            "to": self.to,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "language": self.language,
            "kind": self.template,
            "attachments": list(self.attachments),
        }


def _render(
    *, kind: str, to: str, language: str, context: dict, workshop, attachments=(), subject=None
) -> Rendered:
    """`subject`: the lazy subject with a %(workshop)s placeholder (default: SUBJECTS[kind])."""
    subject_text = subject if subject is not None else SUBJECTS[kind]
    with translation.override(language):
        subject = "[IDM] " + subject_text % {"workshop": content_text.plain(workshop, "title")}
        text = render_to_string(f"registrations/email/{kind}.txt", context)
        html = render_to_string(f"registrations/email/{kind}.html", context)
    return Rendered(
        to=to,
        # One line (a title may hold a line break), keeping no-break spaces (French « : »).
        subject=" ".join(subject.splitlines()),
        text=text,
        html=html,
        language=language,
        template=f"registrations/email/{kind}",
        attachments=tuple(attachments),
    )


def render_invitation_email(invitation, *, token: str) -> Rendered:
    """The invitation, to the invited address, with the link of `token`. An account nobody has
    claimed yet (no usable password: opened with the invitation) gets the set-password link
    first."""
    account = _account_of(invitation.email)
    language = (account.preferred_language if account else "") or invitation.preferred_language
    language = language or settings.LANGUAGE_CODE
    needs_claim = account is not None and not account.has_usable_password()
    inviter = invitation.invited_by
    with translation.override(language):
        invitation_path = reverse("registrations:invitation", kwargs={"token": token})
        context = {
            "kind": Kind.INVITATION,
            "invitation": invitation,
            "delegate": invitation.invited_profile(),
            "workshop": invitation.workshop,
            "state": invitation.member_state,
            "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
            "invitation_url": _absolute(invitation_path),
            "workshop_url": _absolute(invitation.workshop.get_absolute_url()),
            # A new account: choose a password, then straight on to the invitation.
            "claim_url": claim_account_url(account, then=invitation_path) if needs_claim else "",
            "LANGUAGE_CODE": language,
        }
    return _render(
        kind=Kind.INVITATION,
        to=invitation.email,
        language=language,
        context=context,
        workshop=invitation.workshop,
    )


def render_registration_email(registration, *, kind: str) -> Rendered:
    """The e-mail `kind` about `registration`, to its delegate, in the delegate's language."""
    user = registration.delegate.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "kind": kind,
            "registration": registration,
            "delegate": registration.delegate,
            "workshop": registration.workshop,
            "delegation": registration.delegation,
            "my_registrations_url": _url(MY_REGISTRATIONS_URL_NAME),
            "workshop_url": _absolute(registration.workshop.get_absolute_url()),
            "claim_url": claim_account_url(user) if kind == Kind.CLAIM_ACCOUNT else "",
            "LANGUAGE_CODE": language,
        }
        if kind == Kind.CONFIRMED:
            # The seat is confirmed: the letter's page (it makes the letter), in the language
            # of the e-mail like every other link of it.
            context["letter_url"] = _url("registrations:confirmation_letter", pk=registration.pk)
    attachments = []
    if kind == Kind.CONFIRMED:
        attachments.append(calendar_attachment(registration, language))
    return _render(
        kind=kind,
        to=user.email,
        language=language,
        context=context,
        workshop=registration.workshop,
        attachments=attachments,
    )


def calendar_attachment(registration, language: str) -> dict[str, str]:
    return {
        "filename": calendars.filename(registration),
        "content": calendars.calendar_ics(registration, language).decode(),
        "mimetype": "text/calendar",
    }

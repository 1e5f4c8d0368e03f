"""Building and sending the e-mails of registrations, in the delegate's language.

Templates: registrations/email/<kind>.txt and <kind>.html (both extend base.txt/base.html).
Links are absolute, built on settings.PORTAL_BASE_URL (default http://127.0.0.1:8000).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from registrations import invitations
from registrations.models import RegistrationEmail

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


def claim_account_url(user) -> str:
    """allauth's "set a new password" link: following it sets the first password."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return _absolute(
        reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    )


def _account_of(address: str):
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        found = EmailAddress.objects.select_related("user").filter(email__iexact=address).first()
        user = found.user if found else None
    return user


def build_invitation_message(email: RegistrationEmail, *, token: str) -> EmailMultiAlternatives:
    """The invitation, to the invited address. An account nobody has claimed yet (no usable
    password: opened with the invitation) gets the set-password link first."""
    invitation = email.invitation
    account = _account_of(invitation.email)
    language = (account.preferred_language if account else "") or invitation.preferred_language
    needs_claim = account is not None and not account.has_usable_password()
    inviter = invitation.invited_by
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "kind": email.kind,
            "invitation": invitation,
            "delegate": invitation.invited_profile(),
            "workshop": invitation.workshop,
            "state": invitation.member_state,
            "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
            "invitation_url": _url("registrations:invitation", token=token),
            "workshop_url": _absolute(invitation.workshop.get_absolute_url()),
            "claim_url": claim_account_url(account) if needs_claim else "",
            "LANGUAGE_CODE": language,
        }
        subject = "[IDM] " + SUBJECTS[email.kind] % {"workshop": invitation.workshop.title}
        text = render_to_string(f"registrations/email/{email.kind}.txt", context)
        html = render_to_string(f"registrations/email/{email.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),
        body=text,
        to=[invitation.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(email: RegistrationEmail) -> EmailMultiAlternatives:
    registration = email.registration
    user = registration.delegate.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "kind": email.kind,
            "registration": registration,
            "delegate": registration.delegate,
            "workshop": registration.workshop,
            "delegation": registration.delegation,
            "my_registrations_url": _url(MY_REGISTRATIONS_URL_NAME),
            "workshop_url": _absolute(registration.workshop.get_absolute_url()),
            "claim_url": claim_account_url(user) if email.kind == Kind.CLAIM_ACCOUNT else "",
            "LANGUAGE_CODE": language,
        }
        subject = "[IDM] " + SUBJECTS[email.kind] % {"workshop": registration.workshop.title}
        text = render_to_string(f"registrations/email/{email.kind}.txt", context)
        html = render_to_string(f"registrations/email/{email.kind}.html", context)
    message = EmailMultiAlternatives(
        # One line (a title may hold a line break), keeping no-break spaces (French « : »).
        subject=" ".join(subject.splitlines()),
        body=text,
        to=[user.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_registration_email(*, email_pk: int) -> bool:
    """Send one owed e-mail. The row is claimed first (pending -> sent) so a task that runs
    twice sends once; a transient failure puts it back to pending for the retry."""
    claimed = RegistrationEmail.objects.filter(
        pk=email_pk, status=RegistrationEmail.Status.PENDING
    ).update(
        status=RegistrationEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    email = RegistrationEmail.objects.select_related(
        "registration__delegate__user",
        "registration__delegate__member_state",
        "registration__workshop",
        "registration__delegation__member_state",
        "invitation__workshop",
        "invitation__member_state",
        "invitation__invited_by",
    ).get(pk=email_pk)
    try:
        if email.invitation_id is not None:
            if not email.invitation.is_pending:
                return False  # withdrawn or answered before its e-mail went: nothing to send
            token = invitations.issue_token(invitation_pk=email.invitation_id)
            message = build_invitation_message(email, token=token)
        else:
            message = build_message(email)
        message.send()
    except OSError:
        RegistrationEmail.objects.filter(pk=email_pk).update(
            status=RegistrationEmail.Status.PENDING, sent_at=None
        )
        raise
    except Exception:
        RegistrationEmail.objects.filter(pk=email_pk).update(
            status=RegistrationEmail.Status.FAILED, sent_at=None
        )
        raise
    return True

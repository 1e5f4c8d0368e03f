"""The invited person's page: a focal point's invitation to register, opened from the e-mail's
link, to accept (checking the invited details first) or decline.

Only the person whose verified e-mail address was invited sees it: anyone else signed in gets
a 404, as for a link that opens nothing. Reads go through registrations.selectors, writes
through registrations.invitations; a refusal comes back on the page, with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from registrations.errors import RegistrationError
from registrations.forms import AcceptInvitationForm, add_registration_error, add_validation_error
from registrations.selectors import invitations as invitations_selectors
from registrations.selectors import profiles as profiles_selectors
from registrations.services import invitations


def _invitation(request: HttpRequest, token: str):
    return invitations_selectors.invitation_for(
        user=request.user, token_hash=invitations.token_hash(token)
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(request, token)
    profile = profiles_selectors.delegate_profile_of(request.user)
    closed_reason = invitations.closed_reason(invitation)
    problem = (
        None
        if closed_reason
        else invitations.acceptance_problem(invitation=invitation, delegate=profile)
    )
    form = None
    if profile is None and closed_reason is None:
        form = AcceptInvitationForm(request.POST or None, initial=invitation.details)
    error = None
    if request.method == "POST":
        if closed_reason or problem:
            error = closed_reason or problem
        elif form is None or form.is_valid():
            try:
                registration = invitations.accept_invitation(
                    invitation=invitation,
                    user=request.user,
                    profile=form.cleaned_data if form is not None else None,
                )
            except RegistrationError as refusal:
                if form is not None:
                    add_registration_error(form, refusal)
                else:
                    error = str(refusal.message)
            except ValidationError as invalid:
                if form is not None:
                    add_validation_error(form, invalid)
                else:
                    error = " ".join(invalid.messages)
            else:
                messages.success(
                    request,
                    gettext(
                        "You accepted the invitation: you are registered for “%(workshop)s” "
                        "in the delegation of %(state)s, endorsed by your focal point."
                    )
                    % {"workshop": registration.workshop.title, "state": invitation.member_state},
                )
                return redirect("registrations:my_registrations")
    context = {
        "invitation": invitation,
        "invited": invitation.invited_profile(),
        "profile": profile,
        "form": form,
        "closed_reason": closed_reason,
        "problem": problem,
        "error": error,
        "token": token,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registrations/invitation.html", context, status=status)


@login_required
@require_POST
def decline_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(request, token)
    try:
        invitations.decline_invitation(invitation=invitation, user=request.user)
    except RegistrationError as refusal:
        messages.error(request, refusal.message)
        return redirect("registrations:invitation", token=token)
    messages.success(
        request,
        gettext("You declined the invitation to “%(workshop)s”. Nothing was registered.")
        % {"workshop": invitation.workshop.title},
    )
    return redirect("registrations:my_registrations")

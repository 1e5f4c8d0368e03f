"""Registering a delegate on their behalf, which is an invitation: the focal point's form and
its withdrawal (scoped to the focal point's state, like its board: registrations.views.
delegations), and the invited person's page, opened from the e-mail's link, to accept (checking
the invited details first) or decline.

Only the person whose verified e-mail address was invited sees that page: anyone else signed in
gets a 404, as for a link that opens nothing. Whatever the address, the focal point sees the
same answer. Reads go through registrations.selectors.invitations, writes through
registrations.services.invitations; a refusal comes back on the page, with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from registrations.errors import RegistrationError
from registrations.focal_point_forms import RegisterOnBehalfForm
from registrations.forms import AcceptInvitationForm, add_registration_error, add_validation_error
from registrations.selectors import invitations as invitations_selectors
from registrations.selectors import profiles as profiles_selectors
from registrations.services import invitations
from registrations.views import common, delegations

ON_BEHALF_KEY = "registrations:on_behalf"  # session: form token -> invitation pk


# --- the focal point: registering on behalf -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register_on_behalf(request: HttpRequest, slug: str) -> HttpResponse:
    """Register a delegate on their behalf: an invitation they accept in their own session.
    Whatever the address (no account, a delegate of this state or another, a donor, staff),
    the answer is the same redirect and message; only the invited person learns more."""
    state = delegations.focal_point_state_or_404(request)
    workshop = common.published_workshop(slug)
    context = {
        "state": state,
        "workshop": workshop,
        "closed_reason": common.closed_reason(workshop),
    }
    if request.method == "GET":
        context["form"] = RegisterOnBehalfForm(language=request.LANGUAGE_CODE)
        return render(request, "registrations/focal_point/register.html", context)

    token = request.POST.get("submission", "")
    if common.submitted_pk(request, key=ON_BEHALF_KEY, token=token) is not None:
        # The same form sent twice (a double click, a reload): one invitation, one e-mail.
        return delegations.to_board(workshop)

    form = RegisterOnBehalfForm(request.POST)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitations.invite_delegate(
                by=request.user,
                email=data["email"],
                workshop=workshop,
                role=data["role"],
                profile=form.profile(),
                preferred_language=data["preferred_language"],
            )
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            common.remember_submission(request, key=ON_BEHALF_KEY, token=token, pk=invitation.pk)
            messages.success(
                request,
                gettext(
                    "Invitation sent. If %(email)s is the right address, its owner receives an "
                    "e-mail inviting them to confirm their registration for “%(workshop)s”. "
                    "They appear among your delegates, endorsed, once they accept; until then "
                    "the invitation is listed below."
                )
                % {"email": data["email"], "workshop": workshop.title},
            )
            return delegations.to_board(workshop)
    return render(request, "registrations/focal_point/register.html", context, status=400)


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    state = delegations.focal_point_state_or_404(request)
    workshop = common.published_workshop(slug)
    invitation = invitations_selectors.state_invitation(
        member_state=state, workshop=workshop, pk=pk
    )
    try:
        invitations.withdraw_invitation(invitation=invitation, by=request.user)
    except RegistrationError as error:
        return delegations.render_board(
            request, state=state, workshop=workshop, error=common.refusal_text(error), status=400
        )
    messages.success(
        request,
        gettext("You withdrew the invitation sent to %(email)s.") % {"email": invitation.email},
    )
    return delegations.to_board(workshop)


# --- the invited person's answer ------------------------------------------------------------


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

"""The focal point's pages: its state's delegation to each workshop, with the delegates to
endorse or withdraw, the head of delegation and the note verbale (registering a delegate on
their behalf is an invitation: registrations.views.invitations); and the staff's download of a
note verbale.

Everything is scoped to the focal point's own state: a user who is no focal point, another
state's delegation or registration, all are a 404 (nothing tells that they exist). Reads go
through registrations.selectors, writes through registrations.services; a refusal comes back
as a field error or an alert on the page, with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from registrations import hooks
from registrations.errors import RegistrationError
from registrations.focal_point_forms import NoteVerbaleForm, WithdrawForm
from registrations.forms import add_registration_error, add_validation_error
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.selectors import delegations as delegations_selectors
from registrations.selectors import focal_points as focal_points_selectors
from registrations.selectors import invitations as invitations_selectors
from registrations.services import delegations, lifecycle
from registrations.views import common
from workshops import selectors as workshop_selectors
from workshops.models import MemberState, Workshop

# --- scope ----------------------------------------------------------------------------------


def focal_point_state_or_404(request: HttpRequest) -> MemberState:
    """The state the signed-in user is focal point of; anyone else gets a 404."""
    state = focal_points_selectors.focal_point_state(request.user)
    if state is None:
        raise Http404
    return state


def _delegation_registration(state: MemberState, slug: str, pk: int) -> Registration:
    """A registration of the state's delegation to this workshop, or 404."""
    registration = delegations_selectors.delegation_registration(member_state=state, pk=pk)
    if registration.workshop.slug != slug:
        raise Http404
    return registration


# --- index and board ------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    state = focal_point_state_or_404(request)
    programme = workshop_selectors.current_programme()
    workshops = list(programme.workshops.all()) if programme is not None else []
    overview = delegations_selectors.delegation_overview(member_state=state, workshops=workshops)
    return render(
        request,
        "registrations/focal_point/index.html",
        {
            "state": state,
            "programme": programme,
            "overview": overview,
            "blocks": hooks.rendered_focal_point_blocks(request, state),
        },
    )


def _board_rows(delegation: Delegation | None, workshop: Workshop) -> list[dict]:
    if delegation is None:
        return []
    rows = [
        {
            "registration": registration,
            "is_head": delegations_selectors.is_head(registration),
            "by_delegate": registration.registered_by_id in (None, registration.delegate.user_id),
            # What the services would accept now: the board offers nothing they would refuse.
            "can_endorse": lifecycle.refusal(registration=registration, action="endorse") is None,
            "can_withdraw": lifecycle.refusal(registration=registration, action="withdraw") is None,
            # The service's own rule: the board offers what set_head_of_delegation accepts.
            "can_be_head": not delegations_selectors.is_head(registration)
            and delegations.may_be_head(registration),
        }
        for registration in delegation.registrations.all()
    ]
    # The head first, then the active delegates, then the ended registrations; by name.
    rows.sort(
        key=lambda row: (
            not row["is_head"],
            not row["registration"].is_active,
            row["registration"].delegate.family_name.casefold(),
            row["registration"].delegate.given_names.casefold(),
        )
    )
    return rows


def render_board(
    request: HttpRequest,
    *,
    state: MemberState,
    workshop: Workshop,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    delegation = delegations_selectors.delegation_board(member_state=state, workshop=workshop)
    rows = _board_rows(delegation, workshop)
    pending = list(invitations_selectors.pending_invitations(member_state=state, workshop=workshop))
    context = {
        "invitations": pending,
        "state": state,
        "workshop": workshop,
        "delegation": delegation,
        "rows": rows,
        "active_count": sum(1 for row in rows if row["registration"].is_active),
        "has_started": workshop.has_started,
        "upload_refusal": delegation and delegations.note_verbale_upload_refusal(delegation),
        "action_error": error,
    }
    return render(request, "registrations/focal_point/board.html", context, status=status)


@login_required
@require_GET
def board(request: HttpRequest, slug: str) -> HttpResponse:
    state = focal_point_state_or_404(request)
    return render_board(request, state=state, workshop=common.published_workshop(slug))


def to_board(workshop: Workshop) -> HttpResponse:
    return redirect("registrations:delegation_board", slug=workshop.slug)


# --- actions on a registration --------------------------------------------------------------


def _board_action(
    request: HttpRequest, slug: str, pk: int, *, action, refusal, success: str
) -> HttpResponse:
    """Run `action(registration)` on one of the state's registrations: back to the board with
    `success` (formatted with the delegate's name), or the board again with the refusal and
    nothing changed. Opening the action's address (GET) does nothing: the board, with the
    reason `refusal(registration)` gives when the action is no longer possible."""
    state = focal_point_state_or_404(request)
    registration = _delegation_registration(state, slug, pk)
    workshop = registration.workshop
    if request.method == "GET":
        reason = refusal(registration)
        if reason is None:
            return to_board(workshop)
        return render_board(request, state=state, workshop=workshop, error=reason)
    try:
        action(registration)
    except (RegistrationError, ValidationError) as error:
        return render_board(
            request, state=state, workshop=workshop, error=common.refusal_text(error), status=400
        )
    messages.success(request, success % {"name": registration.delegate.full_name})
    return to_board(workshop)


@login_required
@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _board_action(
        request,
        slug,
        pk,
        action=lambda registration: lifecycle.endorse(registration=registration, by=request.user),
        refusal=lambda registration: lifecycle.refusal(registration=registration, action="endorse"),
        success=gettext("You endorsed %(name)s. The secretariat confirms the registration."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_head(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _board_action(
        request,
        slug,
        pk,
        action=lambda registration: delegations.set_head_of_delegation(
            delegation=registration.delegation, registration=registration, by=request.user
        ),
        refusal=delegations.head_refusal,
        success=gettext("%(name)s is now the head of delegation."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    state = focal_point_state_or_404(request)
    registration = _delegation_registration(state, slug, pk)
    workshop = registration.workshop
    form = WithdrawForm(request.POST or None)
    # A withdrawal the state no longer allows (the workshop started, the registration ended)
    # shows its reason instead of the form, and a POST changes nothing.
    refusal = lifecycle.refusal(registration=registration, action="withdraw")
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            lifecycle.withdraw(
                registration=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                gettext("You withdrew %(name)s from the delegation to “%(workshop)s”.")
                % {"name": registration.delegate.full_name, "workshop": workshop.title},
            )
            return to_board(workshop)
    return render(
        request,
        "registrations/focal_point/withdraw.html",
        {
            "state": state,
            "workshop": workshop,
            "registration": registration,
            "form": form,
            "refusal": refusal,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- note verbale ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def note_verbale(request: HttpRequest, slug: str) -> HttpResponse:
    state = focal_point_state_or_404(request)
    workshop = common.published_workshop(slug)
    delegation = delegations_selectors.state_delegation(member_state=state, workshop=workshop)
    refusal = delegation and delegations.note_verbale_upload_refusal(delegation)
    form = NoteVerbaleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and delegation is not None and not refusal and form.is_valid():
        data = form.cleaned_data
        try:
            delegations.upload_note_verbale(
                delegation=delegation,
                file=data["note_verbale"],
                reference=data["note_verbale_reference"],
                date=data["note_verbale_date"],
                by=request.user,
            )
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                gettext(
                    "The note verbale is uploaded. Your delegates can be confirmed once IOM "
                    "verifies it."
                ),
            )
            return to_board(workshop)
    return render(
        request,
        "registrations/focal_point/note_verbale.html",
        {
            "state": state,
            "workshop": workshop,
            "delegation": delegation,
            "form": form,
            "refusal": refusal,
        },
        status=400 if request.method == "POST" else 200,
    )


def _note_verbale_file(delegation: Delegation | None) -> FileResponse:
    """The uploaded note verbale as a download. Files are never linked under /media/: each
    request comes through a view that checked who asks."""
    if delegation is None or not delegation.note_verbale:
        raise Http404
    try:
        handle = delegation.note_verbale.storage.open(delegation.note_verbale.name, "rb")
    except OSError as error:
        raise Http404 from error
    state, workshop = slugify(delegation.member_state.name), delegation.workshop.slug
    filename = f"note-verbale-{state}-{workshop}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def note_verbale_file(request: HttpRequest, slug: str) -> FileResponse:
    state = focal_point_state_or_404(request)
    workshop = common.published_workshop(slug)
    return _note_verbale_file(
        delegations_selectors.state_delegation(member_state=state, workshop=workshop)
    )


@login_required
@require_GET
def staff_note_verbale_file(request: HttpRequest, pk: int) -> FileResponse:
    """The note verbale of any delegation, for staff who may see delegations (the admin)."""
    if not (request.user.is_staff and request.user.has_perm("registrations.view_delegation")):
        raise Http404
    return _note_verbale_file(delegations_selectors.delegation_detail(pk))

"""The delegate's own pages: "My registrations", the registration form, cancelling, taking a
seat offered from the waitlist, and the calendar file. Reads go through
registrations.selectors (scoped to the user: someone else's registration is a 404), writes
through registrations.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from registrations.errors import AlreadyRegistered, RegistrationError
from registrations.forms import (
    CancelForm,
    DelegateProfileForm,
    RegistrationForm,
    add_registration_error,
    add_validation_error,
)
from registrations.renderers import calendars
from registrations.selectors import lifecycle as lifecycle_selectors
from registrations.selectors import profiles as profiles_selectors
from registrations.services import lifecycle, registering
from registrations.views import common
from workshops import dates

SUBMITTED_KEY = "registrations:submitted"  # session: form token -> registration pk


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = lifecycle_selectors.registrations_of(request.user)
    return render(
        request,
        "registrations/my_registrations.html",
        {"registrations": registrations, "today": dates.today()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = common.published_workshop(slug)
    profile = profiles_selectors.delegate_profile_of(request.user)
    existing = lifecycle_selectors.active_registration(user=request.user, workshop=workshop)
    context = {"workshop": workshop, "profile": profile, "existing": existing}

    if request.method == "GET":
        context["closed_reason"] = common.closed_reason(workshop)
        context["form"] = RegistrationForm()
        if profile is None:
            context["profile_form"] = DelegateProfileForm(user=request.user)
        return render(request, "registrations/register.html", context)

    form = RegistrationForm(request.POST)
    profile_form = None
    if profile is None:
        profile_form = DelegateProfileForm(request.POST, user=request.user)
    context.update(form=form, profile_form=profile_form)

    token = request.POST.get("submission", "")
    if (
        existing is not None
        and common.submitted_pk(request, key=SUBMITTED_KEY, token=token) == existing.pk
    ):
        # The same form sent twice (a double click, a reload): one registration.
        return redirect("registrations:my_registrations")

    forms_valid = form.is_valid() & (profile_form is None or profile_form.is_valid())
    if forms_valid:
        role = form.cleaned_data["role"]
        try:
            if profile_form is not None:
                registration = registering.register_with_profile(
                    user=request.user,
                    profile=profile_form.cleaned_data,
                    workshop=workshop,
                    role=role,
                )
            else:
                registration = registering.register(delegate=profile, workshop=workshop, role=role)
        except AlreadyRegistered as error:
            # Most often the same form sent twice at once: the page says so and links to the
            # registration the other submit made.
            add_registration_error(form, error)
            context["existing"] = lifecycle_selectors.active_registration(
                user=request.user, workshop=workshop
            )
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error, other=profile_form)
        else:
            common.remember_submission(request, key=SUBMITTED_KEY, token=token, pk=registration.pk)
            messages.success(
                request,
                gettext("Your registration for “%(workshop)s” has been received.")
                % {"workshop": workshop.title},
            )
            return redirect("registrations:my_registrations")
    return render(request, "registrations/register.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = lifecycle_selectors.registration_of(request.user, pk)
    form = CancelForm(request.POST or None)
    # A cancellation no longer allowed (the workshop started, the registration ended) shows
    # its reason instead of the form, as "My registrations" offers no link; a POST changes
    # nothing.
    refusal = lifecycle.refusal(registration=registration, action="cancel")
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            lifecycle.cancel(
                registration=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except RegistrationError as error:
            add_registration_error(form, error)
        else:
            messages.success(
                request,
                gettext("Your registration for “%(workshop)s” has been cancelled.")
                % {"workshop": registration.workshop.title},
            )
            return redirect("registrations:my_registrations")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registrations/cancel.html",
        {"registration": registration, "form": form, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def accept_offer(request: HttpRequest, pk: int) -> HttpResponse:
    registration = lifecycle_selectors.registration_of(request.user, pk)
    try:
        lifecycle.accept_offer(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("You have taken your seat at “%(workshop)s”.")
            % {"workshop": registration.workshop.title},
        )
    return redirect("registrations:my_registrations")


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The workshop's days with their hours, in the page's language (renderers.calendars)."""
    registration = lifecycle_selectors.registration_of(request.user, pk)
    language = translation.get_language() or settings.LANGUAGE_CODE
    response = HttpResponse(
        calendars.calendar_ics(registration, language), content_type=calendars.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{calendars.filename(registration)}"'
    return response

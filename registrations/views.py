"""The delegate's own pages: "My registrations", the registration form, cancelling and the
calendar file. Reads go through registrations.selectors (scoped to the user: someone else's
registration is a 404), writes through registrations.services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from icalendar import Calendar, Event

from registrations.errors import AlreadyRegistered, RegistrationError
from registrations.forms import (
    CancelForm,
    DelegateProfileForm,
    ProfileForm,
    RegistrationForm,
    add_registration_error,
    add_validation_error,
)
from registrations.models.profiles import PASSPORT_FIELDS, REPRESENTATION_FIELDS
from registrations.selectors import lifecycle as lifecycle_selectors
from registrations.selectors import profiles as profiles_selectors
from registrations.services import lifecycle, profiles, registering
from workshops.models import Workshop

SUBMITTED_KEY = "registrations:submitted"  # session: form token -> registration pk


def _open_workshop(slug: str) -> Workshop:
    return get_object_or_404(
        Workshop.objects.filter(programme__is_published=True).select_related("programme"),
        slug=slug,
    )


def _closed_reason(workshop: Workshop) -> str | None:
    """Why the workshop takes no registration, in the services' own words; None if open."""
    try:
        registering.check_open(workshop)
    except RegistrationError as error:
        return str(error.message)
    return None


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = lifecycle_selectors.registrations_of(request.user)
    return render(
        request,
        "registrations/my_registrations.html",
        {"registrations": registrations, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _open_workshop(slug)
    profile = profiles_selectors.delegate_profile_of(request.user)
    existing = lifecycle_selectors.active_registration(user=request.user, workshop=workshop)
    context = {"workshop": workshop, "profile": profile, "existing": existing}

    if request.method == "GET":
        context["closed_reason"] = _closed_reason(workshop)
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
    submitted = request.session.get(SUBMITTED_KEY, {})
    if token and existing is not None and submitted.get(token) == existing.pk:
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
            if token:
                submitted[token] = registration.pk
                request.session[SUBMITTED_KEY] = submitted
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
    if request.method == "POST" and form.is_valid():
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
        {"registration": registration, "form": form},
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
    """The workshop as an all-day calendar event (DTEND is the day after the last day)."""
    registration = lifecycle_selectors.registration_of(request.user, pk)
    workshop = registration.workshop
    cal = Calendar()
    cal.add("prodid", "-//IOM//IDM Portal//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"idm-registration-{registration.pk}@idm-portal")
    event.add("dtstamp", timezone.now())
    event.add("summary", workshop.title)
    event.add("dtstart", workshop.start_date)
    event.add("dtend", workshop.end_date + datetime.timedelta(days=1))
    event.add("location", workshop.venue)
    event.add("url", request.build_absolute_uri(workshop.get_absolute_url()))
    cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response


@sensitive_post_parameters(*PASSPORT_FIELDS)
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The delegate's own profile, with the passport details a visa letter needs. A user
    without a profile makes one with the first registration."""
    delegate = profiles_selectors.delegate_profile_of(request.user)
    if delegate is None:
        messages.info(
            request, gettext("Your delegate profile is made with your first registration.")
        )
        return redirect("registrations:my_registrations")
    locked = REPRESENTATION_FIELDS if profiles_selectors.representation_locked(delegate) else ()
    form = ProfileForm(request.POST or None, profile=delegate, locked_fields=locked)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name not in locked}
        try:
            profiles.update_profile(profile=delegate, data=data, by=request.user)
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, gettext("Your profile has been saved."))
            return redirect("registrations:profile")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "profile": delegate,
        "retention_days": profiles_selectors.retention_days(),
    }
    return render(request, "registrations/profile.html", context, status=status)

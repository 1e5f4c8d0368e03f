"""The delegate's travel sponsorship pages: asking for it (eligibility and the cost estimate
shown first), following it, and cancelling it. Reads through
registrations.selectors.sponsorships, scoped to the user (someone else's is a 404); writes
through registrations.services.sponsorships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from registrations.errors import RegistrationError
from registrations.forms import SponsorshipRequestForm, add_registration_error, add_validation_error
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import lifecycle as lifecycle_selectors
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import sponsorships


@login_required
@require_http_methods(["GET", "POST"])
def request_sponsorship(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for sponsorship to the workshop of one's registration: eligibility first, then the
    form; "See the estimate" shows the cost, "Send the request" sends it."""
    registration = lifecycle_selectors.registration_of(request.user, pk)
    existing = Sponsorship.objects.filter(registration=registration).first()
    if existing is not None:
        return redirect("registrations:sponsorship", pk=existing.pk)
    workshop = registration.workshop
    verdict = sponsorship_selectors.eligibility(registration)
    form = SponsorshipRequestForm(request.POST or None)
    context = {
        "registration": registration,
        "workshop": workshop,
        "eligibility": verdict,
        "form": form,
        "estimate": None,
    }
    state = registration.delegate.member_state
    if request.method == "POST" and verdict.may_request and form.is_valid():
        data = form.cleaned_data
        try:
            context["estimate"] = sponsorship_selectors.estimate(
                workshop, city=data["departure_city"], region=state.region
            )
            if "send" in request.POST:
                sponsorship = sponsorships.request_sponsorship(
                    registration=registration,
                    by=request.user,
                    departure_city=data["departure_city"],
                    expertise=data["expertise"],
                    needs=data["needs"],
                )
                messages.success(request, gettext("Your request for sponsorship has been sent."))
                return redirect("registrations:sponsorship", pk=sponsorship.pk)
        except RegistrationError as error:
            add_registration_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        if not form.errors:
            return render(request, "registrations/sponsorship_request.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "registrations/sponsorship_request.html", context, status=status)


@login_required
def sponsorship(request: HttpRequest, pk: int) -> HttpResponse:
    found = sponsorship_selectors.sponsorship_of(request.user, pk)
    return render(request, "registrations/sponsorship.html", {"sponsorship": found})


@login_required
@require_http_methods(["POST"])
def cancel_sponsorship(request: HttpRequest, pk: int) -> HttpResponse:
    found = sponsorship_selectors.sponsorship_of(request.user, pk)
    try:
        sponsorships.cancel(sponsorship=found, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your request for sponsorship is cancelled."))
    return redirect("registrations:sponsorship", pk=found.pk)

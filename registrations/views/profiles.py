"""The delegate's profile page, with the language of the portal's e-mails and letters and the
passport details a visa letter needs (shown only when one is asked for). Reads go through
registrations.selectors.profiles, writes through registrations.services.profiles; a refusal
comes back next to its field, with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from idm_portal import account_roles
from registrations.errors import RegistrationError
from registrations.forms import (
    PASSPORT_POST_NAMES,
    ProfileForm,
    add_registration_error,
    add_validation_error,
)
from registrations.models.profiles import REPRESENTATION_FIELDS
from registrations.selectors import profiles as profiles_selectors
from registrations.services import profiles


@sensitive_post_parameters(*PASSPORT_POST_NAMES)
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The delegate's own profile, with the passport details a visa letter needs. A user
    without a profile makes one with the first registration."""
    delegate = profiles_selectors.delegate_profile_of(request.user)
    if delegate is None and (landing := account_roles.landing_url(request.user)):
        return redirect(landing)  # a donor contact is no delegate: its own page, no greeting
    if delegate is None:
        messages.info(
            request, gettext("Your delegate profile is made with your first registration.")
        )
        return redirect("registrations:my_registrations")
    locked = REPRESENTATION_FIELDS if profiles_selectors.representation_locked(delegate) else ()
    form = ProfileForm(request.POST or None, profile=delegate, locked_fields=locked)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name not in locked}
        language = data.pop("preferred_language")
        try:
            profiles.update_profile(
                profile=delegate, data=data, by=request.user, preferred_language=language
            )
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

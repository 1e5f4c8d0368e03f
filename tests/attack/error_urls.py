"""The portal's URLs and one view that fails while a profile with passport details is in
its local variables: the 500 page (DEBUG=0) must show none of them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from idm_portal.urls import handler404, handler500
from idm_portal.urls import urlpatterns as portal_urlpatterns
from registrations.models.profiles import DelegateProfile


def fail_with_profile(request, pk):
    profile = DelegateProfile.objects.get(pk=pk)
    raise RuntimeError(f"Something broke for profile {profile.pk}.")


urlpatterns = [
    *portal_urlpatterns,
    *i18n_patterns(path("fail-with-profile/<int:pk>/", fail_with_profile)),
]
__all__ = ["handler404", "handler500", "urlpatterns"]

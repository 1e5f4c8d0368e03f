from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from idm_portal import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("files/<int:pk>/<str:filename>", views.generated_file, name="generated_file"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("workshops.urls")),
    path("", include("funding.urls")),
    path("", include("registrations.urls")),
    path("", include("surveys.urls")),
)

# MEDIA_URL is deliberately not served, not even with DEBUG: uploads (notes verbales) and
# generated files (letters, staff lists) hold personal data and go out only through views
# that check who asks (idm_portal.views.generated_file and the apps' download views).

handler404 = "idm_portal.views.page_not_found"
# A database outage (unreachable, timed out) is answered 503 there, every other error 500.
handler500 = "idm_portal.views.server_error"

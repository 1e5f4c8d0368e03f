from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        # Lazy: these import models, which are not ready while Django loads the apps.
        from funding import workshop_hooks

        # The badge on the programme's pages and the figure behind it in the workshop admin.
        workshop_hooks.register()

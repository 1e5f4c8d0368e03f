from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Lazy: the hooks read models, which are not loaded while Django imports this module.
        from surveys import page_hooks, translation_report

        # The evaluation link on the workshop page, the open surveys on the focal point's page.
        page_hooks.register()
        # Opened surveys' missing French and Spanish texts in manage.py check_translations and
        # the staff page "Missing translations".
        translation_report.register()

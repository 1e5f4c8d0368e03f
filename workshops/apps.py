from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Programme and workshops")

    def ready(self) -> None:
        # Lazy: models are not ready while Django loads the apps.
        from idm_portal import page_cache
        from workshops import dates
        from workshops.models import (
            AgendaItem,
            Document,
            KeyDate,
            MemberState,
            PolicyPrinciple,
            Programme,
            Workshop,
        )

        # The public pages are kept whole for anonymous visitors (idm_portal.page_cache): a
        # change to what they show makes every kept page stale, and a kept page is one day's
        # (registration opens and closes with the date).
        page_cache.watch(
            Programme, KeyDate, PolicyPrinciple, Workshop, AgendaItem, Document, MemberState
        )
        page_cache.register_key_part("today", dates.today)

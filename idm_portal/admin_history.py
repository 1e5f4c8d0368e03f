"""The admin's history pages (django-simple-history) in the reader's language.

Every admin with a history derives from `HistoryAdmin` rather than SimpleHistoryAdmin:
- the history list heads its extra columns with the fields' verbose names ("Amount (USD)",
  "Montant (USD)") where simple-history translates the attribute name ("amount_usd"), and
  shows their values as the change list does ("Engagée", not the stored "committed");
- the revert page's breadcrumbs name the app and the model as every other admin page does
  ("Financement › Promesses de contribution"), where simple-history shows the app label and
  the historical model's name, built with an English "historical" ("Historical promesses de
  contribution").
simple-history's own messages are translated in our catalogue: idm_portal.third_party_messages.
"""

from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    label_for_field,
    lookup_field,
)
from django.core.exceptions import ObjectDoesNotExist
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def history_view(self, request, object_id, extra_context=None):
        labels = [
            label_for_field(name, self.model, self)
            for name in self.get_history_list_display(request)
        ]
        context = {"history_column_labels": labels, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        # Called by history_view with the page's records: the one hook before rendering.
        super().set_history_delta_changes(request, historical_records, **kwargs)
        names = self.get_history_list_display(request)
        for record in historical_records:
            record.history_cells = [self.history_cell(record, name) for name in names]

    def history_cell(self, record, name: str):
        empty = self.get_empty_value_display()
        try:
            field, attr, value = lookup_field(name, record, self)
        except (AttributeError, ObjectDoesNotExist):
            return empty
        if field is None:
            return display_for_value(value, empty, boolean=getattr(attr, "boolean", False))
        return display_for_field(value, field, empty)

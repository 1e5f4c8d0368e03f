"""The admin's export page (django-import-export) in the reader's language.

django-import-export labels each column's box with the resource's attribute name in English
title case, followed by the column's name in brackets ("Family Name (family name)"). Our
resources give every column a translated name (gettext_lazy): the box shows that name alone,
and the file's header row is written with it in the language of whoever exports
(django-import-export reads the names with force_str while the request's language is active).
"""

from django.utils.text import capfirst
from import_export.forms import SelectableFieldsExportForm


class TranslatedFieldsExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        if field is None or not field.column_name:
            return super()._get_field_label(resource, field_name)
        return capfirst(field.column_name)

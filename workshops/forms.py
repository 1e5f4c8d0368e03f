"""Form fields of the programme that other apps' forms use."""

from django import forms
from django.forms.models import ModelChoiceIterator

from workshops import names


class _StatesInReadersOrder(ModelChoiceIterator):
    """The states of the field's queryset (one query, when the select is rendered), named and
    sorted in the active language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for state in names.sorted_states(self.queryset):
            yield self.choice(state)


class MemberStateChoiceField(forms.ModelChoiceField):
    """A select of member states as the reader reads them: "Côte d'Ivoire" among the C's of
    a French page, named in French (workshops.names)."""

    iterator = _StatesInReadersOrder

    def label_from_instance(self, obj) -> str:
        return names.state_name(obj)

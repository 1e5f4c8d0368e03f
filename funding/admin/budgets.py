from django.contrib import admin, messages
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from funding.errors import FundingError
from funding.models.budgets import Budget, BudgetLine
from funding.services import budgets
from workshops.admin import LabelledTabularInline, workshop_label


class BudgetLineInline(LabelledTabularInline):
    model = BudgetLine
    extra = 0
    fields = ("category", "amount")


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ("workshop_short", "programme", "total")
    list_filter = ("workshop__programme",)
    list_select_related = ("workshop__programme",)
    search_fields = ("workshop__title",)
    autocomplete_fields = ("workshop",)
    readonly_fields = ("total", "updated_at")
    fields = ("workshop", "notes", "total", "updated_at")
    inlines = [BudgetLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_total=Sum("lines__amount"))

    @admin.display(description=_("workshop"), ordering="workshop__start_date")
    def workshop_short(self, obj: Budget) -> str:
        return workshop_label(obj.workshop)

    @admin.display(description=_("programme"), ordering="workshop__programme__year")
    def programme(self, obj: Budget):
        return obj.workshop.programme.year

    @admin.display(description=_("total (USD)"))
    def total(self, obj: Budget) -> str:
        value = getattr(obj, "line_total", None)
        if value is None and obj.pk:
            value = obj.lines.aggregate(total=Sum("amount"))["total"]
        return number_format(value or 0, decimal_pos=2, force_grouping=True)

    def get_readonly_fields(self, request, obj=None):
        # A budget stays with its workshop.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "workshop") if obj is not None else fields

    def save_model(self, request, obj: Budget, form, change: bool) -> None:
        saved = budgets.save_budget(workshop=obj.workshop, notes=obj.notes, by=request.user)
        obj.pk = saved.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change: bool) -> None:
        # Saved by the services, not formset.save(): the admin's change message reads these.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        amounts = {}
        for line_form in formset.forms:
            data = getattr(line_form, "cleaned_data", None)
            if not data or not data.get("category"):
                continue
            if data.get("DELETE"):
                amounts[data["category"]] = None
            elif line_form.has_changed() or line_form.instance.pk is None:
                amounts[data["category"]] = data["amount"]
        try:
            budgets.set_lines(budget=form.instance, amounts=amounts, by=request.user)
        except FundingError as error:
            self.message_user(request, str(error), messages.ERROR)

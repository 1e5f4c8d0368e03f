"""URLs of funding: the public summary, the donor contact's pages and Finance's overview."""

from django.urls import path

from funding.views import donors, public, staff

app_name = "funding"

urlpatterns = [
    path("funding/", public.summary_current, name="summary_current"),
    path("funding/<int:year>/", public.summary, name="summary"),
    path("donor/", donors.dashboard, name="dashboard"),
    path("donor/pledges/<int:pk>/", donors.pledge_detail, name="pledge"),
    path("donor/my-figures.csv", donors.own_figures_csv, name="own_figures_csv"),
    path("donor/report/", donors.request_report, name="request_report"),
    path("donor/transactions/<int:year>.csv", donors.transactions_csv, name="transactions_csv"),
    path("donor/transactions/<int:year>.json", donors.transactions_json, name="transactions_json"),
    path("funding/overview/", staff.overview, name="overview"),
    path("funding/overview/<int:year>/", staff.overview, name="overview_year"),
]

from django.urls import path, register_converter

from workshops import views

app_name = "workshops"


class SymbolConverter:
    """A document symbol in the path as it is written: /documents/IC/2009/1/en/."""

    regex = r"[A-Za-z0-9][A-Za-z0-9./-]*?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LanguageConverter(SymbolConverter):
    regex = r"[a-z]{2}"


register_converter(SymbolConverter, "symbol")
register_converter(LanguageConverter, "doclang")

urlpatterns = [
    path("programme/", views.programme_current, name="programme_current"),
    path("programme/<int:year>/", views.programme, name="programme"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="detail"),
    path(
        "documents/<symbol:symbol>/<doclang:language>/pdf-status/",
        views.document_pdf_status,
        name="document_pdf_status",
    ),
    path(
        "documents/<symbol:symbol>/<doclang:language>/",
        views.document_detail,
        name="document",
    ),
]

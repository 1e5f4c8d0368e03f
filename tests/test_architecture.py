"""The apps only look down: idm_portal's shared machinery ← workshops ← funding ←
registrations ← surveys (DESIGN.md). An app never imports an app above it, nor names one by
string: an app label ("registrations"), a dotted path ("registrations.tasks.x", a permission
"registrations.view_…"), a URL name ("registrations:register", "admin:registrations_…") or a
template or static path ("registrations/…"). What a higher app shows on a lower one's pages
goes through a hook the lower app offers (workshops.hooks, idm_portal.files.registry).

Every Python module of the apps is parsed (ast), migrations and management commands included;
docstrings and translatable text (arguments of gettext and friends) are prose, not references,
and are skipped. The apps' templates are searched for quoted names in their tags. The
project-level templates/ folder (the layout and its menu) belongs to the project shell and is
not checked.

The project shell lives in idm_portal too (until it gets a folder of its own): the modules
that put the apps together may name them, each for the reason given in SHELL below, and for
those apps only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: each may use those before it, never those after it.
LAYERS = ("idm_portal", "workshops", "funding", "registrations", "surveys")
TRANSLATION_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Text for people, frozen untranslated in migrations: verbose_name="funding".
PROSE_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text"}

# (module, app it may name): why. Nothing else in idm_portal may name an app.
SHELL = {
    ("idm_portal/settings.py", "workshops"): "INSTALLED_APPS",
    ("idm_portal/settings.py", "funding"): "INSTALLED_APPS and its beat schedule's task",
    ("idm_portal/settings.py", "registrations"): "INSTALLED_APPS and its beat schedule's tasks",
    ("idm_portal/settings.py", "surveys"): "INSTALLED_APPS",
    ("idm_portal/urls.py", "workshops"): "the project's URLs include each app's",
    ("idm_portal/urls.py", "funding"): "the project's URLs include each app's",
    ("idm_portal/urls.py", "registrations"): "the project's URLs include each app's",
    ("idm_portal/urls.py", "surveys"): "the project's URLs include each app's",
    ("idm_portal/views.py", "workshops"): "the home page shows the current programme",
    ("idm_portal/roles.py", "workshops"): "the staff groups' permissions, by app label",
    ("idm_portal/roles.py", "funding"): "the staff groups' permissions, by app label",
    ("idm_portal/roles.py", "registrations"): "the staff groups' permissions, by app label",
    ("idm_portal/roles.py", "surveys"): "the staff groups' permissions, by app label",
}


def _string_pattern(label: str) -> re.Pattern:
    # "label" alone, or "label." / "label:" / "label/" followed by a name, or "admin:label_…";
    # not inside a longer identifier ("subject_to_funding", "funding_status").
    return re.compile(rf"^{label}$|(?<![\w.-])(?:admin:{label}_\w|{label}[.:/]\w)")


def _template_pattern(label: str) -> re.Pattern:
    # A quoted name in a tag: {% url 'label:…' %}, {% include "label/…" %}, 'admin:label_…'.
    return re.compile(rf"""(['"])(?:admin:{label}_\w|{label}[:/]\w)[^'"]*\1""")


def _prose(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings, translatable text or verbose names."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skipped.add(id(body[0].value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in TRANSLATION_FUNCTIONS:
                skipped.update(id(arg) for arg in node.args)
            skipped.update(id(k.value) for k in node.keywords if k.arg in PROSE_KEYWORDS)
        if isinstance(node, ast.Dict):
            skipped.update(
                id(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in PROSE_KEYWORDS
            )
    return skipped


def python_references(source: str, above: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(line, app, what) for each import of, or string naming, one of the apps `above`."""
    tree = ast.parse(source)
    prose = _prose(tree)
    patterns = {label: _string_pattern(label) for label in above}
    found = []
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        for module in modules:
            if module.split(".")[0] in above:
                found.append((node.lineno, module.split(".")[0], f"import {module}"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            for label, pattern in patterns.items():
                if pattern.search(node.value):
                    found.append((node.lineno, label, repr(node.value)))
    return found


def template_references(text: str, above: tuple[str, ...]) -> list[tuple[int, str, str]]:
    found = []
    for label in above:
        for match in _template_pattern(label).finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, label, match.group(0)))
    return found


def app_files(app: str):
    folder = ROOT / app
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py" or (
            "templates" in path.relative_to(folder).parts and path.suffix in {".html", ".txt"}
        ):
            yield path


def upward_references() -> tuple[list[str], set[tuple[str, str]]]:
    """Every reference to a higher app not in SHELL, and the SHELL entries actually used."""
    problems, used = [], set()
    for layer, app in enumerate(LAYERS):
        above = LAYERS[layer + 1 :]
        if not above:
            continue
        for path in app_files(app):
            relative = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py":
                found = python_references(text, above)
            else:
                found = template_references(text, above)
            for line, target, what in found:
                if (relative, target) in SHELL:
                    used.add((relative, target))
                else:
                    problems.append(f"{relative}:{line} {app} names {target}, above it: {what}")
    return problems, used


def test_no_app_imports_or_names_an_app_above_it():
    problems, _used = upward_references()
    assert not problems, "\n".join(problems)


def test_every_exception_for_the_project_shell_is_still_needed():
    _problems, used = upward_references()
    assert set(SHELL) - used == set(), "drop these from SHELL"


# --- The checker itself -----------------------------------------------------------------------

ABOVE = ("funding", "registrations", "surveys")


@pytest.mark.parametrize(
    "source",
    [
        "import registrations.models",
        "from registrations import selectors",
        "from surveys.models import Survey",
        'reverse("admin:registrations_registration_summary", args=[1])',
        'reverse("registrations:register", args=["slug"])',
        'render(request, "registrations/includes/panel.html")',
        'import_module("registrations.tasks")',
        'apps.get_model("funding", "Pledge")',
        'user.has_perm("registrations.view_delegateprofile")',
        "template = \"{% url 'surveys:answer' pk=1 %}\"",
        'url = f"/admin/funding/pledge/{pk}/"',
    ],
)
def test_the_check_catches_an_upward_reference(source):
    assert python_references(source, ABOVE)


@pytest.mark.parametrize(
    "source",
    [
        '"""Workshops know nothing of registrations.funding: see registrations/hooks."""',
        'label = _("registrations")',
        'message = ngettext("%(n)d funding line", "%(n)d funding lines", n)',
        'list_filter = ("funding_status", "registration_status")',
        'field = models.CharField(max_length=20, verbose_name="funding")',
        "options = {'verbose_name': 'funding', 'ordering': ['start_date']}",
        'status = "subject_to_funding"',
        "from workshops.models import Workshop",
        "from . import views",
        'reverse("workshops:detail", args=["slug"])',
    ],
)
def test_the_check_lets_prose_and_own_names_through(source):
    assert python_references(source, ABOVE) == []


def test_the_check_reads_template_tags():
    text = (
        '{% load i18n %}\n<p>{% translate "Registrations" %}</p>\n'
        "<a href=\"{% url 'registrations:register' workshop.slug %}\">\n"
        '{% include "surveys/includes/link.html" %}'
    )
    assert [(line, app) for line, app, _what in template_references(text, ABOVE)] == [
        (3, "registrations"),
        (4, "surveys"),
    ]

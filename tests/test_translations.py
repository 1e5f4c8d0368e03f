"""The French and Spanish catalogues: complete, without fuzzy entries, placeholders intact,
and covering every string the code marks for translation today.

A string added to a template or to Python code without a French and a Spanish translation
makes `test_catalogue_covers_every_string_makemessages_extracts` (and, for the common cases,
`test_catalogue_covers_every_literal_in_templates_and_code`) fail: run
`manage.py makemessages -l fr -l es --ignore=.venv --ignore=tests --ignore=bench` and
translate the new entries.
"""

import ast
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "es"]
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
# What `makemessages` is told to ignore: no user sees these strings.
IGNORED = [".venv", "tests", "bench", "node_modules"]
# Not copied for the extraction run: no source of user-facing strings.
NOT_COPIED = {".venv", ".git", "locale", "media", "staticfiles", "tests", "bench", "node_modules"}

PLACEHOLDER = re.compile(r"%\((?P<name>[^)]+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
TEMPLATE_TRANSLATE = re.compile(
    r"{%-?\s*(?:translate|trans)\s+(?P<q>[\"'])(?P<text>.*?)(?P=q)(?P<rest>[^%]*)%}", re.S
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
CONTEXT_GETTEXT_NAMES = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def catalogue(language: str) -> polib.POFile:
    path = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run makemessages -l {language}"
    return polib.pofile(str(path))


def active_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def placeholders(text: str) -> list[str]:
    return sorted(match["name"] for match in PLACEHOLDER.finditer(text))


def describe(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_language_plural_forms_and_utf8(language):
    po = catalogue(language)

    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    entries = active_entries(catalogue(language))
    untranslated = []
    for entry in entries:
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(2)]
            done = all(form.strip() for form in forms)
        else:
            done = bool(entry.msgstr.strip())
        if not done or "fuzzy" in entry.flags:
            untranslated.append(describe(entry))

    assert len(entries) > 100, "the catalogue is unexpectedly small"
    assert untranslated == [], f"untranslated or fuzzy in {language}:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english(language):
    wrong = []
    for entry in active_entries(catalogue(language)):
        expected = placeholders(entry.msgid)
        if entry.msgid_plural:
            # Either English form may leave out the count ("One file" / "%(count)d files").
            allowed = set(expected) | set(placeholders(entry.msgid_plural))
            needed = set(expected) & set(placeholders(entry.msgid_plural))
            for index, form in sorted(entry.msgstr_plural.items()):
                found = set(placeholders(form))
                if not (needed <= found <= allowed):
                    wrong.append(f"{describe(entry)} form {index}: {form!r}")
        elif "(the name may be left out)" in (entry.msgctxt or ""):
            # French greets by title alone ("Madame,"): the name is the one optional part.
            if not set(expected) - {"name"} <= set(placeholders(entry.msgstr)) <= set(expected):
                wrong.append(f"{describe(entry)}: {entry.msgstr!r}")
        elif placeholders(entry.msgstr) != expected:
            wrong.append(f"{describe(entry)}: {entry.msgstr!r}")

    assert wrong == [], f"placeholders differ in {language}:\n" + "\n".join(wrong)


def test_french_and_spanish_catalogues_hold_the_same_strings():
    french = {key(entry) for entry in active_entries(catalogue("fr"))}
    spanish = {key(entry) for entry in active_entries(catalogue("es"))}

    assert sorted(french - spanish, key=str) == []
    assert sorted(spanish - french, key=str) == []


def copy_sources(destination: Path) -> None:
    for child in BASE_DIR.iterdir():
        if child.name in NOT_COPIED or child.name.startswith(".") or child.suffix == ".sqlite3":
            continue
        if child.is_dir():
            shutil.copytree(
                child,
                destination / child.name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po"),
            )
        elif child.suffix in {".py", ".html", ".txt"}:
            shutil.copy2(child, destination / child.name)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_covers_every_string_makemessages_extracts(tmp_path, settings, monkeypatch):
    """Run makemessages on a copy of the sources, into a scratch locale folder, and compare."""
    sources = tmp_path / "src"
    sources.mkdir()
    copy_sources(sources)
    settings.LOCALE_PATHS = [sources / "locale"]
    monkeypatch.chdir(sources)

    call_command(
        "makemessages", locale=["fr"], ignore_patterns=IGNORED, no_obsolete=True, verbosity=0
    )

    extracted = {}
    for po_path in sources.rglob("django.po"):
        extracted.update({key(entry): entry for entry in polib.pofile(str(po_path))})
    assert len(extracted) > 100, "makemessages found unexpectedly few strings"
    for language in LANGUAGES:
        known = {key(entry) for entry in active_entries(catalogue(language))}
        missing = [
            describe(entry) for k, entry in sorted(extracted.items(), key=str) if k not in known
        ]
        assert missing == [], (
            f"{len(missing)} string(s) not in locale/{language}; run makemessages and translate:\n"
            + "\n".join(missing)
        )


def source_files(*suffixes: str) -> list[Path]:
    """Our files with these suffixes, outside the virtualenv, tests, media and the like."""
    files = []
    for child in sorted(BASE_DIR.iterdir()):
        if child.name in NOT_COPIED or child.name.startswith("."):
            continue
        if child.is_dir():
            files += [path for path in sorted(child.rglob("*")) if path.suffix in suffixes]
        elif child.suffix in suffixes:
            files.append(child)
    return files


def literal_strings_in_templates() -> dict[str, str]:
    """{% translate "…" %} literals of our templates (context-free ones), with their file."""
    found = {}
    for path in source_files(".html", ".txt"):
        if "templates" not in path.relative_to(BASE_DIR).parts:
            continue
        for match in TEMPLATE_TRANSLATE.finditer(path.read_text(encoding="utf-8")):
            if "context" in match["rest"]:
                continue
            found[match["text"]] = str(path.relative_to(BASE_DIR))
    return found


def literal_strings_in_python() -> dict[str, str]:
    """String arguments of _(), gettext(), ngettext()… in our Python code, with their file."""
    found = {}
    for path in source_files(".py"):
        relative = path.relative_to(BASE_DIR)
        if "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in GETTEXT_NAMES and node.args:
                first = node.args[0]
            elif name in CONTEXT_GETTEXT_NAMES and len(node.args) > 1:
                continue  # checked by the makemessages test, which knows the context
            else:
                continue
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[first.value] = str(relative)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_covers_every_literal_in_templates_and_code(language):
    """Needs no gettext: a cruder check than makemessages, but it always runs."""
    known = {entry.msgid for entry in active_entries(catalogue(language))}
    literals = literal_strings_in_templates() | literal_strings_in_python()
    missing = [
        f"{text!r} ({where})" for text, where in sorted(literals.items()) if text not in known
    ]

    assert len(literals) > 100
    assert missing == [], f"not in locale/{language}:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Dialogue international sur la migration"),
        ("es", "Diálogo Internacional sobre la Migración"),
    ],
)
def test_compiled_catalogue_is_what_django_serves(language, expected, tmp_path, settings):
    """The .po files compile with our command and Django then speaks French and Spanish."""
    locale = tmp_path / "locale"
    shutil.copytree(BASE_DIR / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [locale]
    call_command("compiletranslations", verbosity=0)

    # Changing LOCALE_PATHS (above) made Django forget the catalogues it had loaded.
    with translation.override(language):
        assert translation.gettext("International Dialogue on Migration") == expected

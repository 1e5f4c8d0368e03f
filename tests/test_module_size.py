"""No module of the apps passes 400 lines (DESIGN.md: a module that grows past about 400 lines
becomes a package split by subject, so that the next feature finds a room of its own rather
than a longer file). Migrations are generated and do not count."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("idm_portal", "workshops", "funding", "registrations", "surveys")
MAX_LINES = 400


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts or "__pycache__" in path.parts:
                continue
            yield path


def line_count(path: Path) -> int:
    with path.open(encoding="utf-8") as source:
        return sum(1 for _line in source)


def test_no_module_of_the_apps_passes_400_lines():
    too_long = [
        f"{path.relative_to(ROOT).as_posix()}: {count} lines"
        for path in app_modules()
        if (count := line_count(path)) > MAX_LINES
    ]
    assert not too_long, "split by subject:\n" + "\n".join(too_long)


def test_the_check_sees_the_apps_modules():
    modules = {path.relative_to(ROOT).as_posix() for path in app_modules()}
    assert "registrations/services/lifecycle.py" in modules
    assert not any("/migrations/" in module for module in modules)

"""The deployment files: docker-compose.yml follows the compose specification and runs every
part of the portal; .env.example lists every variable the settings read; .ci/run is usable."""

import os
import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE = BASE_DIR / "docker-compose.yml"


def compose() -> dict:
    return YAML(typ="safe").load(COMPOSE.read_text())


def check_jsonschema() -> str:
    return str(Path(sys.executable).with_name("check-jsonschema"))


def test_docker_compose_file_validates_against_the_compose_specification():
    result = subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_schema_check_catches_a_broken_file(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    image: idm\n    ports: 8000\n    helthcheck: {}\n")
    result = subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.compose-spec", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


def test_compose_runs_postgres_redis_gunicorn_worker_and_beat():
    services = compose()["services"]
    assert set(services) >= {"postgres", "redis", "web", "worker", "beat"}
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    web_command = " ".join(services["web"]["command"])
    assert "gunicorn idm_portal.wsgi" in web_command
    assert "migrate --noinput" in web_command and "collectstatic --noinput" in web_command
    assert " ".join(services["worker"]["command"]).startswith("celery -A idm_portal worker")
    assert " ".join(services["beat"]["command"]).startswith("celery -A idm_portal beat")
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
        assert environment["DJANGO_DEBUG"] == "0"
        assert "DJANGO_SECRET_KEY" in environment and "DJANGO_ALLOWED_HOSTS" in environment


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for module in (BASE_DIR / "idm_portal").glob("*.py"):
        read |= set(
            re.findall(
                r"""env_(?:str|bool|int|list|url)\(\s*["']([A-Z0-9_]+)["']""", module.read_text()
            )
        )
    listed = set(
        re.findall(r"^([A-Z0-9_]+)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE)
    )
    assert {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - listed == set()


def test_ci_script_is_executable_strict_bash_running_make_test():
    script = BASE_DIR / ".ci" / "run"
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    assert re.search(r"^\s*(exec )?make test\s*$", text, re.MULTILINE)
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_explains_every_dependency():
    import tomllib

    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = {re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower() for r in requirements}
    readme = (BASE_DIR / "README.md").read_text()
    table = readme.split("## Dependencies and why", 1)[1].split("\n## ", 1)[0]
    explained = set(re.findall(r"^\| ([a-z0-9_.-]+) \|", table, re.MULTILINE))
    assert names - explained == set()

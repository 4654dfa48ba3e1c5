"""Production settings: `check --deploy` is clean once HTTPS is declared, every page carries a
Content-Security-Policy and `Cache-Control: no-store`, a refusal logs one line without a
traceback, and the files Mutasi writes are its own user's only."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_planner

PRODUCTION = {
    "MUTASI_DEBUG": "0",
    "MUTASI_HTTPS": "1",
    "MUTASI_SECRET_KEY": "k" * 20 + "9fJ2-x!Qm^z7@Lp0vB3rT8wY6cN1dH5sK4",
    "MUTASI_ALLOWED_HOSTS": "mutasi.bukitintan.go.id",
}


# `mutasi check` is the plan check; Django's system check is called by its class.
DEPLOY_CHECK = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mutasi.settings'); "
    "django.setup(); from django.core.management import call_command; "
    "from django.core.management.commands.check import Command; "
    "call_command(Command(), deploy=True, fail_level='WARNING')"
)


def mutasi(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # As an office's server runs on the embedded database: none of the suite's own variables (the
    # browser tests allow Django's async-unsafe calls for Playwright, which the deployment check
    # rightly refuses; the files checked below are the SQLite database's).
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MUTASI_") and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    command = ["-c", DEPLOY_CHECK] if args == ("check", "--deploy") else ["-m", "mutasi.cli", *args]
    return subprocess.run(
        [sys.executable, *command],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_check_deploy_prints_no_warning_under_production_settings(tmp_path: Path) -> None:
    env = {**PRODUCTION, "MUTASI_DATA_DIR": str(tmp_path)}
    result = mutasi("check", "--deploy", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_check_deploy_flags_the_demo_key_and_plain_http(tmp_path: Path) -> None:
    env = {"MUTASI_DEBUG": "0", "MUTASI_DATA_DIR": str(tmp_path)}
    result = mutasi("check", "--deploy", env=env, cwd=tmp_path)
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert warning in result.stderr + result.stdout, warning


@pytest.mark.slow
def test_the_database_and_written_files_are_the_server_users_only(tmp_path: Path) -> None:
    env = {"MUTASI_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "data").mkdir()
    assert mutasi("migrate", "-v", "0", env=env, cwd=tmp_path).returncode == 0
    assert (
        mutasi("template", str(tmp_path / "out" / "kosong.xlsx"), env=env, cwd=tmp_path).returncode
        == 0
    )
    database = tmp_path / "data" / "mutasi.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "out" / "kosong.xlsx").stat().st_mode) == 0o600


def test_pages_carry_a_content_security_policy_and_no_store(client, db) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_planner())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-eval'" not in policy
    assert "no-store" in response["Cache-Control"]
    login = client.get(reverse("login"))
    assert "no-store" in login["Cache-Control"]


def test_a_refused_page_logs_one_line_without_a_traceback(client, db, caplog) -> None:  # type: ignore[no-untyped-def]
    from mutasi.core.logging import RefusalWithoutTraceback
    from tests.factories import make_approver

    client.force_login(make_approver())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(reverse("plans:cycle_create"))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # Django attaches the PermissionDenied traceback; the console handler's filter dropped it.
    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)
    console = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert any(isinstance(f, RefusalWithoutTraceback) for h in console for f in h.filters)

"""The production settings as the README documents them pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

IEUM = Path(sys.executable).with_name("ieum")


def run_ieum(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(IEUM), *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "ieum.settings.production", **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(45),
        "ALLOWED_HOSTS": "ieum.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://ieum.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "IEUM_VAR_DIR": str(tmp_path / "var"),
    }


def test_check_deploy_reports_no_issues(tmp_path):
    result = run_ieum("check", "--deploy", tmp_path=tmp_path, **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_ieum("check", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_pools_connections_logs_json_and_reports_to_sentry(tmp_path):
    env = {
        **production_env(tmp_path),
        "DATABASE_URL": "postgres://ieum@db.internal:5432/ieum",
        "SENTRY_DSN": "https://public@sentry.internal/2",
    }
    script = (
        "from django.conf import settings; import sentry_sdk; "
        "print(settings.DATABASES['default']['OPTIONS']['pool']['max_size'], "
        "settings.LOGGING['handlers']['console']['formatter'], "
        "sentry_sdk.get_client().is_active(), "
        "sentry_sdk.get_client().options['send_default_pii'])"
    )
    result = run_ieum("shell", "-c", script, tmp_path=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["8", "json", "True", "False"]

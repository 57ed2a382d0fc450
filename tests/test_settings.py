"""Production refuses to start without its secrets, and says which and how to make them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secrets_stops_naming_each_missing_one_and_the_fix():
    result = _start({"PANTAU_ENV": "production"})
    assert result.returncode != 0
    for name in (
        "SECRET_KEY",
        "PANTAU_FERNET_KEYS",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "PANTAU_TOKEN_KEY",
    ):
        assert name in result.stderr
    assert "Fernet.generate_key()" in result.stderr


def test_production_with_its_secrets_starts():
    result = _start(
        {
            "PANTAU_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "PANTAU_FERNET_KEYS": "uJ1gI2ZtXk9y3V0q8mP6x5C4bN7aR2sT1wE0dF9hK3c=",
            "DATABASE_URL": "postgres://u:p@127.0.0.1:1/db",
            "ALLOWED_HOSTS": "pantau.badungkab.go.id",
            "PANTAU_TOKEN_KEY": "y" * 50,
        }
    )
    assert result.returncode == 0, result.stderr


def test_development_starts_without_any_configuration():
    assert _start({"PANTAU_ENV": "development"}).returncode == 0

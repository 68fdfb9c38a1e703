"""Production settings are safe by default (DEBUG off, HTTPS, secrets required)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "x7$Lq2!vN9@pR4#tW6^yB8&dF1*hJ3(kM5)zC0-sA+eG=uQ_iO"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"DEBUG", "HTTPS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL", "DEMO"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",  # as deployed (a developer's var/local.env must not count)
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="tsunagu.example.jp",
        EMAIL_URL="smtp+tls://user:password@smtp.example.jp:587",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_console_or_file_email():
    for email_url in ("consolemail://", "filemail:///tmp/mail"):
        result = _manage(
            "check",
            "--deploy",
            DEBUG="false",
            SECRET_KEY=PRODUCTION_KEY,
            ALLOWED_HOSTS="tsunagu.example.jp",
            EMAIL_URL=email_url,
        )
        assert result.returncode != 0
        assert "tsunagu.E001" in result.stderr


def test_secret_key_is_required_when_debug_is_off():
    result = _manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_japanese_is_the_default_and_english_is_offered():
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert [code for code, _name in settings.LANGUAGES] == ["ja", "en"]

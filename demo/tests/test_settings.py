"""The demo app is development only: off in production unless DEMO says otherwise."""

import os
import subprocess
import sys

from django.conf import settings


def _installs_demo(**env: str) -> bool:
    """Load the settings in a fresh process with this environment (DEMO unset unless given)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DEMO", "DEBUG")}
    environment.update(SECRET_KEY="settings-test-only", **env)
    code = "from council import settings; print('demo' in settings.INSTALLED_APPS)"
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip() == "True"


def test_production_settings_leave_the_demo_out() -> None:
    assert not _installs_demo(DEBUG="false")


def test_demo_follows_debug_unless_set() -> None:
    assert _installs_demo(DEBUG="true")
    assert _installs_demo(DEBUG="false", DEMO="true")
    assert not _installs_demo(DEBUG="true", DEMO="false")

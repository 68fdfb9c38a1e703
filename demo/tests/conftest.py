import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _demo_installed() -> None:
    if "demo" not in settings.INSTALLED_APPS:
        pytest.skip("the demo app is installed only when DEMO is on (scripts/test turns it on)")

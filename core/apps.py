from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses: Japanese text, business days, request helpers, template tags."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import lookups  # noqa: F401 - registers `any_of` on integer fields

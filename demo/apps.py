from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development only: the demo council's data and commands (seed_demo, benchmarks).

    Installed when the DEMO setting is on (by default with DEBUG); the
    production image leaves the package out. No models, so nothing here is
    shown to users.
    """

    name = "demo"

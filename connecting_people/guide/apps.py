from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "connecting_people.guide"
    label = "guide"
    verbose_name = "The practitioner guide"

    def ready(self) -> None:
        # The system checks, and the answer to fieldwork's latest_release signal, once the apps are loaded.
        from . import checks, releases  # noqa: F401, PLC0415

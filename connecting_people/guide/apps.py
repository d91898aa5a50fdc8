from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "connecting_people.guide"
    label = "guide"
    verbose_name = "The practitioner guide"

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415  (registers the system checks once the apps are loaded)

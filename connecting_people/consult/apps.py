from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "connecting_people.consult"
    label = "consult"
    verbose_name = "Consultation on drafts"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415  (connects the guide's signals once the apps are loaded)

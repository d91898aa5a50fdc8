from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "connecting_people.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and co-production"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415  (connects the guide's signals once the apps are loaded)

from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "connecting_people.practice"
    label = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415  (connects the model's signals; models are loaded only now)

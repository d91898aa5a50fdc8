from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class InterventionsConfig(AppConfig):
    name = "connecting_people.interventions"
    label = "interventions"
    verbose_name = "Intervention model"

    def ready(self) -> None:
        # Models and what uses them load only once the apps are ready.
        from .models import ModelVersion  # noqa: PLC0415
        from .published import forget  # noqa: PLC0415

        post_save.connect(forget, sender=ModelVersion, dispatch_uid="interventions-forget-published")
        post_delete.connect(forget, sender=ModelVersion, dispatch_uid="interventions-forget-published-delete")

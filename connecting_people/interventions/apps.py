from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "connecting_people.interventions"
    label = "interventions"
    verbose_name = "Intervention model"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import ModelVersion
        from .published import forget

        post_save.connect(forget, sender=ModelVersion, dispatch_uid="interventions-forget-published")
        post_delete.connect(forget, sender=ModelVersion, dispatch_uid="interventions-forget-published-delete")

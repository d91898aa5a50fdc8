from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "connecting_people.practice"
    label = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from connecting_people.interventions.models import ModelVersion

        from .caseload import forget_sizes

        # Kept sizes are for published versions, which never change; a new or removed version (a test
        # database reusing ids, a restore) clears them.
        post_save.connect(forget_sizes, sender=ModelVersion, dispatch_uid="practice-forget-sizes")
        post_delete.connect(forget_sizes, sender=ModelVersion, dispatch_uid="practice-forget-sizes-delete")

from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "connecting_people.interventions"
    label = "interventions"
    verbose_name = "Intervention model"

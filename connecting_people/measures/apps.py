from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "connecting_people.measures"
    label = "measures"
    verbose_name = "Outcome measures"

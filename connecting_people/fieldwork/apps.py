from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "connecting_people.fieldwork"
    label = "fieldwork"
    verbose_name = "Fieldwork evidence"

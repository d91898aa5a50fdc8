from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "connecting_people.guide"
    label = "guide"
    verbose_name = "The practitioner guide"

from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "connecting_people.practice"
    label = "practice"
    verbose_name = "Practice"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "connecting_people.demo"
    label = "demo"
    verbose_name = "Demo world"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "connecting_people.core"
    label = "core"
    verbose_name = "Site"

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "connecting_people.community"
    label = "community"
    verbose_name = "Community directory"

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "connecting_people.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and co-production"

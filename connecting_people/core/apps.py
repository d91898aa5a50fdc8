from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "connecting_people.core"
    label = "core"
    verbose_name = "Site"


class CpiAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site as `admin.site` (Django's documented way to override the default site)."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default
    default_site = "connecting_people.core.admin_site.CpiAdminSite"

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "connecting_people.backup"
    label = "backup"
    verbose_name = "Backup and restore"

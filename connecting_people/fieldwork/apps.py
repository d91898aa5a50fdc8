from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from .search import TABLE_NAME


def _prune_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After a flush (tests, `cpi demo --reset`) the index must not keep documents for rows now gone."""
    connection = connections[using]
    if TABLE_NAME not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE_NAME} WHERE kind = 'source' AND obj_id NOT IN (SELECT id FROM fieldwork_source)"
        )
        cursor.execute(
            f"DELETE FROM {TABLE_NAME} WHERE kind = 'excerpt' AND obj_id NOT IN (SELECT id FROM fieldwork_excerpt)"
        )


class FieldworkConfig(AppConfig):
    name = "connecting_people.fieldwork"
    label = "fieldwork"
    verbose_name = "Fieldwork evidence"

    def ready(self) -> None:
        post_migrate.connect(_prune_search_index, sender=self)

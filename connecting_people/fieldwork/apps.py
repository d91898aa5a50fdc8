from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from . import search


def _prune_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After a flush (tests, `cpi demo --reset`) the index must not keep documents for rows now gone."""
    search.prune(using)


class FieldworkConfig(AppConfig):
    name = "connecting_people.fieldwork"
    label = "fieldwork"
    verbose_name = "Fieldwork evidence"

    def ready(self) -> None:
        post_migrate.connect(_prune_search_index, sender=self)
        from . import citations  # noqa: F401, PLC0415  (answers the model's change_evidence signal)

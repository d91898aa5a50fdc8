"""The fixed vocabulary of the model: its parts and the kinds of link between components."""

from django.db import models
from django.db.models import Case, Value, When


class Part(models.TextChoices):
    PREREQUISITES = "prerequisites", "Pre-requisites"
    WORKER_WHEEL = "worker_wheel", "Worker wheel"
    INDIVIDUAL_WHEEL = "individual_wheel", "Individual wheel"
    AGENCY = "agency", "Agency"
    OUTCOMES = "outcomes", "Outcomes"


PART_ORDER = [p.value for p in Part]


def part_rank(field: str = "part") -> Case:
    """A database expression giving a part's place in the model (0 for pre-requisites), to order by."""
    return Case(
        *(When(**{field: part}, then=Value(i)) for i, part in enumerate(PART_ORDER)), default=Value(99)
    )


WHEELS = (Part.WORKER_WHEEL.value, Part.INDIVIDUAL_WHEEL.value)


class LinkKind(models.TextChoices):
    PAIRS_WITH = "pairs_with", "Pairs with"
    RELATED = "related", "Related to"

"""Evidence cited for a change to the model: on a component of a draft version, the excerpts that explain
the change, chosen from that component's own evidence (one excerpt per passage, `evidence.passage_leads`,
matched by key across published versions). Fieldwork answers the model's `change_evidence` signal, so the
diff between versions shows each change with its evidence to the team that cited it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.dispatch import receiver

from connecting_people.accounts.models import User
from connecting_people.interventions.models import Component, ModelVersion
from connecting_people.interventions.signals import change_evidence

from .evidence import passage_leads, usable_excerpts
from .models import Citation, Excerpt
from .vocab import Perspective


def citable(team_id: int, component: Component) -> list[Excerpt]:
    """The excerpts that may be cited for the component: its evidence, one per passage, with what the
    citing page shows of each."""
    return list(
        Excerpt.objects.filter(pk__in=passage_leads(team_id, component.key))
        .select_related("source__site", "participant")
        .order_by("source__site__name", "id")
    )


def cited(team_id: int, version: ModelVersion) -> dict[str, list[Excerpt]]:
    """Component key -> the team's usable excerpts cited for it in the version, in the order cited."""
    rows = Citation.objects.filter(
        component__version=version,
        excerpt__in=usable_excerpts(Excerpt.objects.filter(source__team_id=team_id), team_id),
    ).select_related("component", "excerpt__source__site", "excerpt__participant")
    out: dict[str, list[Excerpt]] = defaultdict(list)
    for row in rows:
        out[row.component.key].append(row.excerpt)
    return dict(out)


def internal_attribution(excerpt: Excerpt) -> str:
    """Who said it and where, for the research team's own pages: pseudonym, perspective and site."""
    person = excerpt.participant
    who = (
        (
            f"{person.pseudonym} "
            f"({dict(Perspective.choices).get(person.perspective, person.perspective).lower()})"
        )
        if person is not None
        else "Not attributed"
    )
    site = excerpt.source.site
    return f"{who}, {site.name}" if site is not None else who


@receiver(change_evidence)
def evidence_for_changes(
    sender: Any, version: ModelVersion, user: User, **_: Any
) -> dict[str, list[tuple[str, str]]]:
    """The citations a researcher's team made on the version; nothing for anyone else."""
    if not user.caps.can_handle_fieldwork or user.organisation_id is None:
        return {}
    return {
        key: [(excerpt.text, internal_attribution(excerpt)) for excerpt in excerpts]
        for key, excerpts in cited(user.organisation_id, version).items()
    }

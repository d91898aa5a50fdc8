"""After Release 1.0: fieldwork goes on, so the guide has a section with new evidence to revise, and a
worker rates their own practice (their working style) and shares it with their manager. Everything here is
fictitious and written for this project; it goes in through the same actions a researcher and a worker
use."""

from __future__ import annotations

import datetime as dt

from connecting_people.fieldwork.actions import do_save_participant
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import IMPORTED, ImportItem, import_one
from connecting_people.fieldwork.models import Participant, Site, Source
from connecting_people.guide.actions import do_save_practice_ratings, do_share_working_style
from connecting_people.guide.getters import guide_for_assessment
from connecting_people.interventions.models import Component

from .state import World

# The section the new evidence lands on, and the passages coded to it.
MARKED = "take-on-roles"
SAID = [
    "Two of the people who came to us as members now run the Thursday cooking session themselves, and they "
    "plan the menu with the newer members.",
    "One of our members trained as a volunteer walk leader last spring, and she says being the one who knows "
    "the route has changed how she sees herself.",
]
TRANSCRIPT = (
    "Interviewer: This is a fictitious interview written for the Connecting People demo. How long have you "
    "volunteered here?\n\n"
    "P5: About two years, mostly on the cooking and the walking group.\n\n"
    f"Interviewer: What has changed in that time?\n\nP5: {SAID[0]}\n\n"
    f"Interviewer: Is that the same for the walks?\n\nP5: {SAID[1]}\n"
)

# The worker's own ratings of their practice (fictitious), on the self-assessment scale.
WORKING_STYLE = {
    "build-relationship": 5,
    "get-to-know-worker": 4,
    "explore-network-strengths": 3,
    "set-goals-together": 2,
    "link-and-introduce": 2,
    "review-together": 3,
    "help-move-on": 1,
}


def new_fieldwork(world: World) -> None:
    """A visit after the release: a volunteer at Kestrel Valley, interviewed and coded."""
    researcher, team = world.users["researcher"], world.organisations["fernhill"]
    site = Site.objects.get(team=team, name__startswith="Kestrel Valley")
    volunteer = do_save_participant(
        researcher,
        Participant(
            site=site,
            pseudonym="P5",
            perspective="volunteer",
            role_description="a volunteer at a learning disability service",
            consent_date=dt.date(2026, 6, 2),
            consent_to_quote=True,
        ),
    )
    result = import_one(
        researcher,
        team,
        ImportItem(
            name="kestrel-volunteer-interview-p5.txt",
            read=TRANSCRIPT.encode,
            site=site,
            visit_date=dt.date(2026, 6, 2),
            kind="interview",
            participants=[volunteer],
            title="Interview with a volunteer",
        ),
    )
    if result.status != IMPORTED or result.source_id is None:
        raise RuntimeError(f"the demo's new interview was not imported: {result.message}")
    source = Source.objects.get(pk=result.source_id)
    component = Component.objects.get(version=world.published_model(), key=MARKED)
    for words in SAID:
        do_code_passage(
            researcher, source, locate(source.text, None, None, words), components=[component], kind="example"
        )


def working_style(world: World) -> None:
    """The Harbourside worker rates their own practice and shares it with their manager."""
    worker = world.users["worker"]
    guide = guide_for_assessment()
    components: dict[str, int] = dict(guide.version.components.values_list("key", "pk"))
    style = do_save_practice_ratings(
        worker, worker, guide, {components[k]: v for k, v in WORKING_STYLE.items() if k in components}
    )
    do_share_working_style(worker, style, True)

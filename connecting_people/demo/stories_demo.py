"""The demo's practice stories: Fernhill's Harbourside Connections site is Harbourside (fictitious), which
keeps its records here; Indy and Jules agree to their anonymised stories being used, and their worker
writes one with each and sends it. The research team files Indy's at the site and codes one passage, so
it can be chosen for the guide; Jules's waits in the inbox. The words are invented, written without names
so the name check passes, and everything goes through the same actions as the pages."""

from __future__ import annotations

from connecting_people.fieldwork.actions import do_assign_source, do_save_site
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.models import Site, Source
from connecting_people.fieldwork.stories import do_answer_story_request, origin_of
from connecting_people.fieldwork.vocab import SourceKind
from connecting_people.interventions.models import Component
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import PracticeStory, StoryVoice
from connecting_people.practice.stories import do_save_story, do_send_story

from .state import World

# reference: (what helped, what got in the way, whose words, what the worker adds)
STORIES = {
    "HAR-0001": (
        "The first time, my worker came with me to the garden group and stayed until I knew a couple of "
        "faces. After that I went on my own. Having something to do with my hands made talking easier.",
        "The bus on a Thursday was the hardest part. We worked out an earlier one that is quieter.",
        StoryVoice.PERSON,
        "Meeting at the same time each week meant the garden group became part of the routine.",
    ),
    "HAR-0002": (
        "Looking at the leaflet together and ringing the lunch club while we were both there.",
        "Saturdays are long when everything is shut; there is not much on nearby.",
        StoryVoice.WORKER,
        "",
    ),
}
CODED = "After that I went on my own."


def stories(world: World) -> None:
    researcher, worker = world.users["researcher"], world.users["worker"]
    site = Site.objects.get(team=world.organisations["fernhill"], name="Harbourside Connections")
    site.practice_organisation = world.organisations["harbourside"]
    do_save_site(researcher, site)
    do_answer_story_request(world.users["manager"], site, agree=True)
    sent = {}
    for reference, (helped, in_the_way, voice, adds) in STORIES.items():
        person = world.people[reference]
        person.consent_to_story_use = True
        do_save_person(worker, person)
        story = do_save_story(
            worker,
            PracticeStory(
                person=person,
                what_helped=helped,
                what_got_in_the_way=in_the_way,
                voice=voice,
                worker_adds=adds,
            ),
        )
        do_send_story(worker, story)
        sent[reference] = Source.objects.get(origin=origin_of(story.pk))
    source = sent["HAR-0001"]
    do_assign_source(
        researcher,
        source,
        site=site,
        visit=None,
        participants=list(source.participants.all()),
        title=source.title,
        kind=SourceKind.PRACTICE_STORY,
    )
    do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, CODED),
        components=[Component.objects.get(version=world.published_model(), key="try-something-new")],
        kind="example",
        memo="Accompanied the first time, then on their own: the link-and-introduce step working.",
    )

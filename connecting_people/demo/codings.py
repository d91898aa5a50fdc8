"""Demo codings for the fictitious corpus, made by a plain keyword rule so the demo has evidence to show.
Real coding is done by researchers in the workbench; nothing here is presented as research findings."""

from __future__ import annotations

from connecting_people.accounts.models import User
from connecting_people.fieldwork.coding import Passage, do_code_passage
from connecting_people.fieldwork.models import Source
from connecting_people.interventions.models import Component, ModelVersion

KEYWORDS: dict[str, tuple[str, ...]] = {
    "agency-values-connection": ("ethos", "our manager", "the service believes"),
    "worker-knows-community": ("own contacts", "i know the", "local knowledge", "my mate"),
    "individual-wants-to-connect": ("wanted to meet", "wanted to get out", "lonely", "didn't know a soul"),
    "time-for-partnership": ("same time every", "every week", "regular"),
    "build-relationship": (
        "trust",
        "remember",
        "first met",
        "getting to know each other",
        "about myself",
        "in common",
        "kept coming",
        "by name",
        "actually listening",
    ),
    "explore-network-strengths": ("map", "circles", "who is in", "network"),
    "set-goals-together": ("goal", "plan together", "agreed"),
    "find-opportunities": ("group", "club", "class", "allotment", "choir", "library"),
    "link-and-introduce": ("introduc", "went with", "came with", "buddy"),
    "support-and-tackle-barriers": ("bus", "cost", "afford", "anxious", "nervous", "fare"),
    "review-together": ("review", "look back"),
    "help-move-on": ("move on", "moving on", "ending"),
    "get-to-know-worker": ("got to know", "easy to talk", "listened", "is my worker"),
    "recognise-strengths-interests": ("good at", "used to love", "strength"),
    "choose-goals": ("i wanted", "my goal", "i chose"),
    "try-something-new": ("first time", "never done", "tried"),
    "build-connections-confidence": ("confidence", "confident", "friends"),
    "take-on-roles": ("volunteer", "peer support", "coach", "give back"),
    "reflect-on-progress": ("proud", "progress", "looking back"),
    "keep-connections-going": ("still go", "on my own", "keep going"),
    "community-and-agency-links": ("partnership", "tenants", "co-produc"),
    "supportive-environment": ("supervision", "reflective", "boundar"),
    "fit-with-care-planning": ("care plan", "care co-ordinator", "assessment"),
    "access-to-social-capital": ("someone to ask", "who to call", "lift"),
    "social-inclusion": ("part of", "belong", "included"),
    "well-being": ("well-being", "wellbeing", "sleep", "mood"),
    "worker-knowledge-networks": ("i learned", "contacts of my own"),
    "agency-links-and-costs": ("fewer crisis", "a&e", "save money", "costs"),
}
BARRIER_WORDS = ("couldn't", "could not", "hard", "afraid", "cost", "bus", "stigma", "nervous", "anxious")
TIP_WORDS = ("always", "make sure", "try to", "i'd say", "it helps")
INTERVIEWERS = {"interviewer", "facilitator", "researcher"}


def _kind(text: str) -> str:
    lower = text.lower()
    if any(word in lower for word in BARRIER_WORDS):
        return "barrier"
    if any(word in lower for word in TIP_WORDS):
        return "tip"
    return "example"


def _passages(source: Source) -> list[Passage]:
    if source.turns:
        return [
            Passage(t["start"], t["end"]) for t in source.turns if t["speaker"].lower() not in INTERVIEWERS
        ]
    passages, cursor = [], 0
    for paragraph in source.text.split("\n\n"):
        start = source.text.index(paragraph, cursor)
        cursor = start + len(paragraph)
        if len(paragraph.split()) >= 8:
            passages.append(Passage(start, cursor))
    return passages


def code_corpus(coder: User, version: ModelVersion, sources: list[Source]) -> int:
    components = {c.key: c for c in Component.objects.filter(version=version)}
    made = 0
    for source in sources:
        for passage in _passages(source):
            text = source.text[passage.start : passage.end]
            lower = text.lower()
            matched = [
                components[key]
                for key, words in KEYWORDS.items()
                if key in components and any(word in lower for word in words)
            ][:3]
            if matched and text.strip():
                do_code_passage(
                    coder,
                    source,
                    passage,
                    components=matched,
                    kind=_kind(text),
                    memo="Demo coding made by a keyword rule.",
                )
                made += 1
    return made

"""The guide's front matter as data: whom each part of the model speaks to, the introduction each part
starts with unless a researcher rewrites it, and the glossary every new guide starts with. Our own words."""

from __future__ import annotations

from connecting_people.interventions.parts import Part

# Who a part's pages address: said at the top of the part and of every section in it.
VOICE = {
    Part.PREREQUISITES.value: "For workers and managers, before the work starts",
    Part.WORKER_WHEEL.value: "For workers",
    Part.INDIVIDUAL_WHEEL.value: "For the person, with their worker",
    Part.AGENCY.value: "For managers and the organisation",
    Part.OUTCOMES.value: "For everyone: what the work is for",
}


def voice(part: str) -> str:
    return VOICE.get(part, "")


DEFAULT_PART_INTROS = {
    Part.PREREQUISITES.value: (
        "Some things need to be in place before the two wheels can turn: an organisation that values "
        "community connection, a worker who knows the local area, a person who wants to connect, and "
        "enough time for a partnership that can be relied on. If one of them is missing, start there."
    ),
    Part.WORKER_WHEEL.value: (
        "The worker wheel is the worker's side of the partnership, written for workers. It runs from "
        "building a relationship to helping the person move on. It turns together with the individual "
        "wheel: each stage here has a partner stage on the person's side, and each section links to it. "
        "The stages are not a checklist to finish in order; you will often go round again, or work on "
        "two at once."
    ),
    Part.INDIVIDUAL_WHEEL.value: (
        "The individual wheel is the same journey seen from the side of the person being supported, and "
        "these pages speak to you, the person, to read with your worker. It runs from getting to know "
        "your worker to keeping your connections going on your own. Each stage pairs with one on the "
        "worker wheel: while your worker explores your network, you recognise your own strengths; while "
        "they help you find opportunities, you try something new. Both wheels turn together, and both "
        "of you put something in and get something out."
    ),
    Part.AGENCY.value: (
        "Workers do this well when their organisation backs them. These sections are for managers and "
        "the organisation as a whole: links with the community and other organisations, a supportive "
        "place to work, and a fit with the care planning the organisation already does."
    ),
    Part.OUTCOMES.value: (
        "What the work is for. The outcomes are shared: the person gains connections, inclusion and "
        "well-being; the worker gains knowledge and networks; the organisation gains community links "
        "and, over time, lower costs."
    ),
}


def default_part_intros() -> dict[str, str]:
    return dict(DEFAULT_PART_INTROS)


DEFAULT_GLOSSARY = [
    [
        "Social capital",
        "The resources a person can reach through the people they know: help, advice, company, "
        "information and opportunities.",
    ],
    [
        "Bonding connections",
        "Connections with people who are like us, such as family, close friends or people who share our "
        "experience. They give support and belonging.",
    ],
    [
        "Bridging connections",
        "Connections with people who are different from us, for example through a club, a class or a "
        "neighbourhood. They widen what a person can reach.",
    ],
    [
        "Linking connections",
        "Connections with people and organisations that hold power or resources, such as a council, an "
        "employer or a college.",
    ],
    [
        "Co-production",
        "Working as equal partners, so that the support is co-produced: the worker and the person decide "
        "together, plan together and both do some of the work.",
    ],
    [
        "Network map",
        "A drawing of the people, groups and places in someone's life, with the closest in the middle. "
        "Dated and redrawn later, it shows what has changed.",
    ],
    [
        "Partnership (dyad)",
        "The worker and the person supported, working together. The worker may be paid, a volunteer or "
        "a peer.",
    ],
    [
        "The two wheels",
        "The worker's stages and the person's stages of the intervention, which turn together.",
    ],
    [
        "Gold-standard organisation",
        "An imaginary organisation that does every stage as well as the best services we visited.",
    ],
]


def default_glossary() -> list[list[str]]:
    return [list(pair) for pair in DEFAULT_GLOSSARY]

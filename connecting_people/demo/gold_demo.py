"""The demo's gold-standard organisation: a fictitious name and portrait, a procedure for every component of
the default model, how they fit together across a person's journey, and Harbourside's manager rating
every component and writing an action plan for the top gaps. All wording here is ours and fictitious."""

from __future__ import annotations

import datetime as dt

from connecting_people.accounts.models import Organisation, User
from connecting_people.guide.actions import (
    do_save_action_plan,
    do_save_gold_profile,
    do_save_journey_stage,
    do_save_procedure,
    do_save_self_ratings,
)
from connecting_people.guide.gold import gaps, scale, strengths_and_gaps
from connecting_people.guide.models import (
    GoldProfile,
    Guide,
    JourneyKind,
    JourneyStage,
    PlannedAction,
    Procedure,
)

NAME = "Riverside Community Links"
PORTRAIT = (
    "Picture a third-sector service in a mid-sized town and the villages around it, with eight connecting "
    "workers, a peer-support co-ordinator and around thirty volunteers. It works with about 150 adults at a "
    "time who live with mental health problems, most referred by the community mental health team or their "
    "GP and some who refer themselves. It shares a building with a community café and has a standing "
    "agreement with the local NHS trust."
)

# Component key -> how the gold-standard organisation does it. Practitioner style, 2-4 sentences.
PROCEDURES = {
    "agency-values-connection": (
        "The organisation's aims name community connection alongside symptoms and safety, and the board "
        "hears one person's story of connection at every meeting. New staff spend their first week "
        "visiting local groups rather than reading policies."
    ),
    "worker-knows-community": (
        "Each worker keeps a patch: a few streets or villages they get to know well, walking them and "
        "calling in on groups. Workers are encouraged to use their own contacts, with the person's "
        "agreement, and note any they use on the shared contacts list."
    ),
    "individual-wants-to-connect": (
        "At referral the worker asks what the person would like to be different in their week, not "
        "whether they want a service. Someone who is not ready is offered a later date to talk again, "
        "and the door is left open in writing."
    ),
    "time-for-partnership": (
        "Partnerships are planned for at least nine months, with a weekly meeting for the first three. "
        "Caseloads are capped at eighteen per full-time worker so that meetings are not cancelled for "
        "paperwork."
    ),
    "build-relationship": (
        "Every new person is offered a regular weekly meeting at a time and place they choose. Workers "
        "keep a short note of names and details the person mentions and read it before each meeting, "
        "and they say something about themselves too, so the relationship starts on an equal footing."
    ),
    "explore-network-strengths": (
        "Network maps are drawn in the first month and again every three months, with the person "
        "holding the pen if they wish. The worker asks about people, places and groups from the past as "
        "well as now, and writes down interests the person has set aside."
    ),
    "set-goals-together": (
        "Goals are written in the person's own words on a one-page goal sheet that the person keeps. "
        "Each goal has one small next step that either of them can do before the next meeting."
    ),
    "find-opportunities": (
        "Workers search the shared directory with the person, not for them, and look for one thing "
        "close to home and one linked to an old interest. If nothing fits, the worker asks colleagues "
        "and volunteers before the next meeting."
    ),
    "link-and-introduce": (
        "Before a first visit, the worker agrees with the person whether to introduce, accompany or "
        "find a buddy. A named member of the group expects them, and the worker checks in with the "
        "person within a week."
    ),
    "support-and-tackle-barriers": (
        "When a plan stalls, the worker and the person name the barrier together: money, travel, nerves "
        "or something else. A small fund pays for a first bus fare or a taster session, and travel "
        "training is offered by volunteers."
    ),
    "review-together": (
        "Every three months the person and worker lay the old and new maps side by side and talk "
        "through what has changed. The person chooses what to keep, stop and try next, and the review "
        "is written on the goal sheet."
    ),
    "help-move-on": (
        "Moving on is talked about from the first review, so it never comes as a surprise. Meetings "
        "thin out over two months, and a person can come back for a catch-up within a year without a "
        "new referral."
    ),
    "get-to-know-worker": (
        "People are told at the first meeting what the worker can and cannot do, and how to reach them "
        "or a colleague. The worker shares a little about their own week so that getting to know each "
        "other goes both ways."
    ),
    "recognise-strengths-interests": (
        "A strengths conversation uses prompts about what the person is good at, what others ask them "
        "for help with and what they used to enjoy. The person keeps the list and adds to it between "
        "meetings."
    ),
    "choose-goals": (
        "The person chooses which goals go on the sheet and in which order; the worker may suggest, but "
        "never writes a goal the person has not said in their own words."
    ),
    "try-something-new": (
        "Taster visits are set up so a person can go once without committing to more. Afterwards the "
        "worker asks what went well and what got in the way, and there is no pressure to go back."
    ),
    "build-connections-confidence": (
        "Once a person attends a group regularly, the worker steps back from going with them and asks "
        "about the people they meet. Peer-support sessions every fortnight give people a place to share "
        "how it is going."
    ),
    "take-on-roles": (
        "People are offered roles as they are ready: making the tea at a group, greeting newcomers, "
        "training as a volunteer buddy. The organisation pays expenses for every volunteer role and "
        "gives a reference on request."
    ),
    "reflect-on-progress": (
        "Before each review the person is given the questions to think about at home: what has "
        "changed, who is new in their life, what they are proud of. The person's view is written down "
        "first, before the worker's."
    ),
    "keep-connections-going": (
        "In the last two months the person and worker plan how each connection will carry on without "
        "the worker: who to call, how to get there, what to do if a group closes."
    ),
    "community-and-agency-links": (
        "The organisation keeps a shared, dated list of local groups and contacts, and each worker "
        "spends part of every month visiting somewhere new. A quarterly open morning invites groups and "
        "other services in to meet the team."
    ),
    "supportive-environment": (
        "Workers have monthly one-to-one supervision that starts with connecting work, not risk "
        "paperwork, and a fortnightly team reflective session on one partnership. Flexible hours let "
        "workers go with someone to an evening group."
    ),
    "fit-with-care-planning": (
        "With the person's agreement, their goal sheet is shared with their care co-ordinator and "
        "attached to the care plan. The worker joins care plan reviews when the person asks them to."
    ),
    "access-to-social-capital": (
        "At the start and at each review the person and worker go through a short checklist of "
        "resources the person could reach through someone they know. Changes are talked about, not "
        "just counted."
    ),
    "social-inclusion": (
        "Reviews ask about everyday places as well as groups: the shop, the library, the bus. The team "
        "looks every quarter at how many people are taking part in something outside services."
    ),
    "well-being": (
        "The person is asked how they have been feeling, in their own words, at every review, and the "
        "worker notes what the person links to any change. Concerns about health are passed on with the "
        "person's agreement."
    ),
    "worker-knowledge-networks": (
        "Each team meeting starts with one new place or contact a worker found that month, added to the "
        "shared directory there and then. New workers shadow an experienced colleague's patch walk."
    ),
    "agency-links-and-costs": (
        "The organisation keeps a yearly account of the partnerships it has joined and the referrals "
        "that come to it from community groups. It reports to commissioners with people's stories as "
        "well as figures."
    ),
}

# (kind, title, text, the components whose procedures apply)
JOURNEY = [
    (
        JourneyKind.JOURNEY,
        "Referral",
        "Anyone can refer, including the person themselves. A worker phones within five working days and "
        "offers a first meeting somewhere the person feels at ease.",
        ["individual-wants-to-connect", "agency-values-connection", "fit-with-care-planning"],
    ),
    (
        JourneyKind.JOURNEY,
        "First meetings",
        "The first month is about getting to know each other: a regular time, a reliable worker, and "
        "conversation about the person's week rather than forms.",
        ["build-relationship", "get-to-know-worker", "time-for-partnership"],
    ),
    (
        JourneyKind.JOURNEY,
        "Mapping",
        "Together they draw the person's network and list their strengths and interests, old and new.",
        ["explore-network-strengths", "recognise-strengths-interests", "access-to-social-capital"],
    ),
    (
        JourneyKind.JOURNEY,
        "Goals",
        "The person chooses one or two goals from what the map shows, each with a small first step.",
        ["set-goals-together", "choose-goals"],
    ),
    (
        JourneyKind.JOURNEY,
        "Linking",
        "They look for opportunities together and the person tries one, with as much support as they want "
        "for the first visit.",
        [
            "find-opportunities",
            "link-and-introduce",
            "try-something-new",
            "support-and-tackle-barriers",
            "build-connections-confidence",
            "worker-knows-community",
        ],
    ),
    (
        JourneyKind.JOURNEY,
        "Review",
        "Every three months they look back together at the maps and goals and decide what comes next.",
        ["review-together", "reflect-on-progress", "social-inclusion", "well-being"],
    ),
    (
        JourneyKind.JOURNEY,
        "Moving on",
        "Meetings thin out as connections carry on without the worker; many people take on a role and "
        "give something back.",
        ["help-move-on", "keep-connections-going", "take-on-roles"],
    ),
    (
        JourneyKind.ORGANISATION,
        "Supervision",
        "Monthly one-to-one supervision and a fortnightly reflective session keep connecting work at the "
        "centre of the job.",
        ["supportive-environment", "worker-knowledge-networks"],
    ),
    (
        JourneyKind.ORGANISATION,
        "Recording",
        "Workers record the map, the goal sheet and each introduction, in the person's words, and nothing "
        "more than the work needs. The person can see everything written about them.",
        ["explore-network-strengths", "set-goals-together", "fit-with-care-planning"],
    ),
    (
        JourneyKind.ORGANISATION,
        "Caseloads",
        "No more than eighteen people per full-time worker, reviewed monthly in supervision, so that "
        "there is time to go along to a first visit.",
        [
            "time-for-partnership",
            "supportive-environment",
            "community-and-agency-links",
            "agency-links-and-costs",
        ],
    ),
]

# Harbourside's manager rates every component: strong on relationships, weaker on linking and endings.
SELF_RATINGS = {
    "agency-values-connection": 4,
    "worker-knows-community": 3,
    "individual-wants-to-connect": 4,
    "time-for-partnership": 2,
    "build-relationship": 5,
    "explore-network-strengths": 4,
    "set-goals-together": 4,
    "find-opportunities": 3,
    "link-and-introduce": 2,
    "support-and-tackle-barriers": 3,
    "review-together": 3,
    "help-move-on": 1,
    "get-to-know-worker": 5,
    "recognise-strengths-interests": 4,
    "choose-goals": 4,
    "try-something-new": 3,
    "build-connections-confidence": 3,
    "take-on-roles": 2,
    "reflect-on-progress": 3,
    "keep-connections-going": 2,
    "community-and-agency-links": 2,
    "supportive-environment": 3,
    "fit-with-care-planning": 4,
    "access-to-social-capital": 3,
    "social-inclusion": 3,
    "well-being": 4,
    "worker-knowledge-networks": 3,
    "agency-links-and-costs": 2,
}

# Actions the manager would write for a gap, by component: (action, owner, first step). The plan takes
# the three largest gaps that have one, in the order the tailored guide ranks them.
ACTIONS = {
    "link-and-introduce": (
        "Agree a standard way of going along to a first visit, and offer it to everyone.",
        "Team leader",
        "Talk through three recent first visits at the next team meeting.",
    ),
    "help-move-on": (
        "Plan endings from the first review, with a catch-up offer for a year after.",
        "Senior practitioner",
        "Draft a one-page moving-on plan and try it with two people.",
    ),
    "take-on-roles": (
        "Set up a volunteer buddy role for people who have found their feet.",
        "Volunteer co-ordinator",
        "Ask the peer group who would like to be a buddy.",
    ),
    "time-for-partnership": (
        "Cap caseloads so that every partnership can have a weekly meeting for its first three months.",
        "Service manager",
        "Count each worker's current caseload and bring the figures to supervision.",
    ),
    "keep-connections-going": (
        "Add a plan for keeping each connection going to every moving-on conversation.",
        "Senior practitioner",
        "Add three questions on keeping connections going to the review sheet.",
    ),
    "community-and-agency-links": (
        "Start a shared, dated list of local groups and give each worker a monthly visit to make.",
        "Team leader",
        "Put the list in the shared drive and ask each worker for five entries.",
    ),
    "agency-links-and-costs": (
        "Keep a yearly account of partnerships and referrals from community groups for commissioners.",
        "Service manager",
        "List this year's partnerships from the team's diaries.",
    ),
}


def write(researcher: User, guide: Guide) -> None:
    """The profile, a procedure for every component and the journey (before the release is drafted)."""
    do_save_gold_profile(researcher, GoldProfile(guide=guide, name=NAME, portrait=PORTRAIT))
    components = {c.key: c for c in guide.version.components.all()}
    for key, text in PROCEDURES.items():
        if key in components:
            do_save_procedure(researcher, Procedure(guide=guide, component=components[key], text=text))
    for n, (kind, title, text, keys) in enumerate(JOURNEY, 1):
        do_save_journey_stage(
            researcher,
            JourneyStage(guide=guide, kind=kind, position=n, title=title, text=text),
            [components[k] for k in keys if k in components],
        )


def assess(manager: User, guide: Guide, organisation: Organisation, today: dt.date) -> None:
    """The manager rates every component, then plans actions for the three largest gaps."""
    components = {c.key: c for c in guide.version.components.all()}
    do_save_self_ratings(
        manager,
        guide,
        organisation,
        {components[k].pk: v for k, v in SELF_RATINGS.items() if k in components},
    )
    _keep, short, _rest = strengths_and_gaps(gaps(guide, organisation), scale())
    planned = [gap.component for gap in short if gap.component.key in ACTIONS][:3]
    rows = [
        PlannedAction(
            guide=guide,
            organisation=organisation,
            component=component,
            action=ACTIONS[component.key][0],
            owner=ACTIONS[component.key][1],
            first_step=ACTIONS[component.key][2],
            due=today + dt.timedelta(weeks=6 * n),
        )
        for n, component in enumerate(planned, 1)
    ]
    do_save_action_plan(manager, rows, [])

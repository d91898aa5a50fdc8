"""The demo guide's front matter and the furniture of every section of the default model: introduction,
what good looks like, in practice, tips, pitfalls, questions to reflect on and printable tools. Plain
practitioner writing, our own words, fictitious; the individual wheel speaks to the person."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Furniture:
    introduction: str
    good_practice: str
    in_practice: str
    tips: str
    pitfalls: str
    questions: str
    tools: tuple[str, ...] = ()


def _list(*items: str) -> str:
    return "\n".join(f"- {item}" for item in items)


FRONT = {
    "foreword": (
        "This is a **fictitious demonstration** of a practitioner guide. Every site, person and quotation "
        "in it is invented.\n\n"
        "The guide explains the Connecting People way of working stage by stage. Each stage has a short "
        "introduction, what good looks like, how it goes in practice, tips, pitfalls, questions to reflect "
        "on and real-life examples from the fieldwork."
    ),
    "audience": (
        "It is for workers in health and social care, paid or voluntary, who support people to build "
        "connections; for the people they support; and for the managers who make room for the work.\n\n"
        "You do not need to read it from start to finish. Start with the stage you are working on, or "
        "with the part that is written for you: the worker wheel for workers, the individual wheel for "
        "the person being supported, the agency sections for managers. Each stage links to its partner on "
        "the other wheel. The printable tools at the end can be copied and used straight away."
    ),
    "intervention": (
        "Connecting People is a way of working in which a worker and the person they support work "
        "together to widen the person's connections with other people, groups and places. The two share "
        "decisions and both do some of the work.\n\n"
        "The model has two wheels that turn together. The worker wheel runs from building a relationship, "
        "through exploring the person's network and setting goals, to finding opportunities, making "
        "introductions, tackling barriers, reviewing and helping the person move on. The individual wheel "
        "is the same journey from the person's side: getting to know the worker, recognising their own "
        "strengths, choosing goals, trying something new, building confidence, giving back, reflecting "
        "and keeping connections going on their own. Some things need to be in place first, and the "
        "organisation around the worker matters as much as the worker."
    ),
    "key_messages": [
        "The relationship comes first: reliable, two-way and on an equal footing.",
        "Start from what the person already has: people, places, skills and interests.",
        "Goals belong to the person and start with a step small enough to take this week.",
        "Going along the first time often makes the difference between a plan and a new connection.",
        "Look back together and redraw the network map, so both of you can see what has changed.",
        "Workers need an organisation that backs them with time, supervision and community links.",
    ],
    "references": [
        "Demonstration reference: a fictitious study report on connecting people in community services.",
        "Demonstration reference: a fictitious practice briefing on network mapping with adults.",
    ],
    "acknowledgements": (
        "We thank the workers, volunteers, people using services and partner organisations who gave their "
        "time to the fieldwork. In this demonstration, all of them are fictitious."
    ),
}

NETWORK_MAP, GOAL_SHEET, REVIEW = "network-map", "goal-sheet", "review-questions"

SECTIONS = {
    # Pre-requisites
    "agency-values-connection": Furniture(
        "Workers connect people well when their organisation treats community connection as part of the "
        "job, not an extra squeezed in around it.",
        _list(
            "Connection is named in the service's aims and in job descriptions.",
            "Time spent out in the community is counted as work.",
        ),
        "Managers ask about new connections in supervision and team meetings, and share what worked.",
        _list("Put one community connection story on every team meeting agenda."),
        _list("Saying connection matters while counting only appointments and paperwork."),
        _list("Would a new worker here know that helping people connect is part of their job?"),
    ),
    "worker-knows-community": Furniture(
        "A worker who knows the local area, its groups, venues and people, can offer real choices rather "
        "than a leaflet.",
        _list(
            "The worker has visited the places they suggest.",
            "They keep their knowledge up to date and share it with colleagues.",
        ),
        "Workers spend time each month finding out what is on, and use their own contacts where it is "
        "appropriate, such as a friend who runs a walking group.",
        _list(
            "Keep a dated list of groups you have visited, with a contact name.",
            "Ask the people you support what they know about: they often know more than you.",
        ),
        _list("Relying on directories that are years out of date."),
        _list("When did I last visit somewhere new in the area I work in?"),
    ),
    "individual-wants-to-connect": Furniture(
        "The work only goes well when the person wants it. Wanting can be small and uncertain at first.",
        _list("The person says, in their own words, what they would like to be different."),
        "Workers talk about what connection could mean for the person before suggesting anything, and "
        "accept a no, or a not yet.",
        _list("Start with interests, not with the word 'social'."),
        _list("Signing someone up because the service needs numbers."),
        _list("Whose idea is this: mine or theirs?"),
    ),
    "time-for-partnership": Furniture(
        "Partnerships need time: regular meetings over months, not a few sessions squeezed in.",
        _list(
            "The person knows how long the support will last.",
            "Meetings are regular and rarely cancelled.",
        ),
        "Caseloads are kept to a size that allows weekly contact, and the end of support is planned from "
        "the start.",
        _list("Agree a rough length of support at the start and revisit it at review."),
        _list("Taking on more people than you can see regularly."),
        _list("Could I see everyone on my list every week if I needed to?"),
    ),
    # Worker wheel
    "build-relationship": Furniture(
        "Workers in the study spoke of the first weeks as the time when trust is either built or lost. "
        "Reliability came up again and again: the same day, the same time, and a message if plans change.",
        _list(
            "The person knows when they will next see their worker.",
            "The worker remembers what matters to the person.",
            "Both sides say something about themselves.",
        ),
        "Agree a regular time and place the person chooses. Keep a short note of names and details they "
        "mention and read it before you meet. Say a little about yourself, and look for something you "
        "both enjoy talking about.",
        _list(
            "Meet somewhere the person feels at ease: a café, a park, their home.",
            "If you have to cancel, say so early and offer another time straight away.",
        ),
        _list(
            "Filling the first meetings with forms.",
            "Sharing so much about yourself that the meeting becomes about you.",
        ),
        _list(
            "Does this person feel they can disagree with me?", "What would they say I am like to work with?"
        ),
    ),
    "explore-network-strengths": Furniture(
        "Drawing the person's network together, on paper or on screen, often brings up people the person "
        "had forgotten to mention, and interests that had been set aside.",
        "The map is drawn with the person, in their words, and kept so it can be redrawn later.",
        "Use the blank network map. Put the person in the middle and ask who they see, speak to or rely "
        "on, placing the closest in the inner circle. Then talk about skills and interests, past and "
        "present. Date the map and keep it for review.",
        _list(
            "Let the person hold the pen if they want to.",
            "Ask about people they have lost touch with: they are often the easiest to reconnect with.",
        ),
        _list(
            "Treating the map as an assessment form to complete.",
            "Counting only family and friends and leaving out groups and places.",
        ),
        _list(
            "How many of the people on this map are paid to be there?",
            "What did the person light up talking about?",
        ),
        (NETWORK_MAP,),
    ),
    "set-goals-together": Furniture(
        "Goals work best when the person chooses them and puts them in their own words.",
        _list(
            "Goals are written in the person's words.",
            "Each goal has a first step small enough to do before you next meet.",
        ),
        "Use the goal sheet. Start from what the person wants, break it into a first small step, and "
        "agree who will do what before you next meet. Keep the sheet where you can both find it.",
        _list("Turn 'make friends' into 'find out when the walking group meets'."),
        _list("Writing goals the service needs rather than ones the person wants."),
        _list("Would the person recognise these goals as theirs if they read them without me?"),
        (GOAL_SHEET,),
    ),
    "find-opportunities": Furniture(
        "Finding the right group, class or activity means matching what is out there to what the person "
        "enjoys and can manage.",
        _list("The person chooses from a few real options they have heard about in detail."),
        "Look together at what is on nearby, at times and costs that work. Ring ahead to check details, "
        "and include ordinary community places, not only services.",
        _list("Ask each group whether someone could meet a newcomer at the door."),
        _list("Offering only groups for people who use services."),
        _list("Would I want to go to the places I am suggesting?"),
    ),
    "link-and-introduce": Furniture(
        "The first visit to a new group is where many plans stall. Workers described going along the "
        "first time, or arranging for a member to meet the person at the door.",
        "The person chooses how much support they want for a first visit, and the group knows they are "
        "coming.",
        "Agree whether you will introduce, go along, or find a buddy. Tell the group someone new is "
        "coming. Afterwards, ask how it went and what would help next time.",
        _list(
            "Plan the journey together, including the way home.",
            "Step back a little more each time.",
        ),
        _list("Dropping someone at the door and not following up."),
        _list("How will this person get there the second time, without me?"),
    ),
    "support-and-tackle-barriers": Furniture(
        "Cost, transport, anxiety and bad past experiences get in the way. Naming them is the first step "
        "to getting round them.",
        _list("Barriers are talked about openly and each has a plan, however small."),
        "Ask what might stop the person going, then plan for it: a bus pass, a practice journey, a "
        "quieter first session.",
        _list("Check whether the person is entitled to free or cheaper travel and entry."),
        _list("Reading a missed session as a lack of interest."),
        _list("What got in the way last time, and did we do anything about it?"),
    ),
    "review-together": Furniture(
        "Looking back together at what has changed helps both sides decide what to try next.",
        "Reviews happen at a pace the person chooses and start from what they say has changed.",
        "Use the review questions. Redraw the network map and put it beside the last one. Agree what to "
        "keep, drop and try next.",
        _list("Celebrate small changes: one new name on the map counts."),
        _list("Turning the review into a form-filling exercise."),
        _list("What has the person told me has changed, in their own words?"),
        (REVIEW,),
    ),
    "help-move-on": Furniture(
        "Ending well is part of the work. Moving on should feel like a step forward, not a loss.",
        _list("The ending is planned together, and the person knows they can come back."),
        "Talk about ending well before it happens. Reduce contact gradually and check that new "
        "connections can carry on without you.",
        _list("Celebrate the ending in a way the person chooses."),
        _list("Ending suddenly because a caseload is full."),
        _list("Which connections would still be there if I stopped visiting tomorrow?"),
    ),
    # Individual wheel: these pages speak to the person, to read with their worker.
    "get-to-know-worker": Furniture(
        "This page is for you, the person being supported. Your worker wants to get to know you, and you "
        "can get to know them too.",
        _list("You know when you will next meet.", "You feel able to say what you think."),
        "Choose where and when you would like to meet. Ask your worker questions about themselves; it is "
        "meant to be two-way.",
        _list("Tell your worker if a time or place does not suit you."),
        _list("Saying yes to everything to keep your worker happy."),
        _list("Do I feel I can be honest with my worker?"),
    ),
    "recognise-strengths-interests": Furniture(
        "This page is for you. Everyone has things they are good at or enjoy, including things from "
        "the past.",
        _list("You can name two or three things you are good at or enjoy."),
        "With your worker, draw your network map and talk about what you like doing. Think about jobs, "
        "hobbies and things people thank you for.",
        _list("Ask someone who knows you well what they think you are good at."),
        _list("Leaving out things because they seem too small."),
        _list("What did I used to enjoy that I would like to do again?"),
        (NETWORK_MAP,),
    ),
    "choose-goals": Furniture(
        "This page is for you. Your goals are yours: your worker helps you shape them.",
        _list("Your goals are in your own words.", "You know the first small step."),
        "Use the goal sheet with your worker. Write what you want, why it matters, and one small step. "
        "Agree what you will do and what your worker will do.",
        _list("Pick something you would look forward to."),
        _list("Choosing a goal because you think it is what you should want."),
        _list("Would I still want this if nobody else knew about it?"),
        (GOAL_SHEET,),
    ),
    "try-something-new": Furniture(
        "This page is for you. Trying something new can feel daunting. You choose how much help you want.",
        _list("You have tried at least one new place or activity, with as much support as you wanted."),
        "Decide with your worker whether they come with you, meet you there, or find someone to go with "
        "you. Plan the journey together.",
        _list("Go once before deciding whether you like it."),
        _list("Giving up after a difficult first time without talking it over."),
        _list("What would make the first visit easier for me?"),
    ),
    "build-connections-confidence": Furniture(
        "This page is for you. Confidence grows by going back, getting to know people and being known.",
        _list("You go somewhere regularly and people there know your name."),
        "Keep going to the places you like. Talk to one new person each time, and tell your worker what "
        "is going well.",
        _list("Offer to help with something small, like making the tea."),
        _list("Comparing yourself with people who have been going for years."),
        _list("Who do I now say hello to that I did not know before?"),
    ),
    "take-on-roles": Furniture(
        "This page is for you. Giving something back, as a volunteer, a helper or a peer supporter, can "
        "build confidence and connections.",
        _list("You have a role you chose and enjoy."),
        "Talk with your worker about what you could offer. Start small, and check that you have support "
        "while you find your feet.",
        _list("Ask the group what help they need."),
        _list("Taking on too much too soon."),
        _list("What could I offer that others would value?"),
    ),
    "reflect-on-progress": Furniture(
        "This page is for you. Looking back shows how far you have come and what to do next.",
        _list("You and your worker look at your old and new maps together."),
        "Use the review questions with your worker. Say what has changed for you, what helped and what "
        "did not.",
        _list("Bring your goal sheet and your first network map."),
        _list("Only looking at what did not happen."),
        _list("What am I proud of since we started?"),
        (REVIEW,),
    ),
    "keep-connections-going": Furniture(
        "This page is for you. The aim is that your connections carry on after your worker has stepped back.",
        _list("You know how to get to the places you go, and who to contact there."),
        "Plan with your worker how you will keep going: the journey, the cost, who to call if something "
        "changes.",
        _list("Swap numbers with one or two people you see regularly."),
        _list("Waiting for someone else to remind you."),
        _list("Who could I turn to if I stopped going somewhere I like?"),
    ),
    # Agency
    "community-and-agency-links": Furniture(
        "Organisations that link well with local groups and other services give workers and the people "
        "they support more to choose from.",
        _list("The organisation has named contacts in local groups and services."),
        "Keep a shared, dated list of local groups and contacts. Invite local groups to team meetings, "
        "and work with them on joint activities.",
        _list("Give each worker a patch or a theme to keep up to date."),
        _list("Partnerships that depend on one person and end when they leave."),
        _list("Which local groups would say they know us?"),
    ),
    "supportive-environment": Furniture(
        "Workers do this work well when they have supervision, room to reflect and flexible boundaries.",
        _list("Supervision includes time to talk about connecting work."),
        "Set aside time in supervision and team meetings to reflect on what is working. Agree clear, "
        "flexible guidance on things like sharing about yourself and meeting in community places.",
        _list("Use a short case discussion each month."),
        _list("Rules so tight that workers cannot go to a café with someone."),
        _list("Do workers here feel trusted to use their judgement?"),
    ),
    "fit-with-care-planning": Furniture(
        "Connecting work goes further when it is part of the person's care plan rather than separate "
        "from it.",
        _list("Goals about connection appear in the person's care plan."),
        "Record connection goals where the rest of the team can see them, and review them alongside "
        "other goals.",
        _list("Use the person's own words in the care plan."),
        _list("Keeping connection work in a separate file nobody else reads."),
        _list("Would another worker know what this person is working towards?"),
    ),
    # Outcomes
    "access-to-social-capital": Furniture(
        "The main outcome: more people, groups and resources the person can turn to.",
        _list("The person's network map shows more connections, and more beyond services."),
        "Compare network maps over time, and ask what help the person could now get through people they "
        "know.",
        _list("Count groups and places as well as people."),
        _list("Counting contacts without asking whether they help."),
        _list("Who could this person ask for help now that they could not before?"),
    ),
    "social-inclusion": Furniture(
        "Being part of community life: going places, doing things and feeling you belong.",
        _list("The person takes part in ordinary community activities they choose."),
        "Talk about where the person goes and what they do, and how it feels to be there.",
        _list("Ask how welcome the person feels, not just whether they went."),
        _list("Assuming attendance means belonging."),
        _list("Where does this person feel they belong?"),
    ),
    "well-being": Furniture(
        "People often feel better as their connections grow, though it may take time.",
        _list("The person says they feel better, in their own words."),
        "Ask about mood, energy and sleep at reviews, alongside connections.",
        _list("Notice small changes the person mentions in passing."),
        _list("Expecting quick results."),
        _list("What does feeling better mean to this person?"),
    ),
    "worker-knowledge-networks": Furniture(
        "Workers gain too: knowledge of their area and a network of contacts that helps the next person.",
        _list("Workers share contacts and what they have learned with colleagues."),
        "Add new contacts and places to the shared list after each introduction.",
        _list("Note who at a group was welcoming, so others can ask for them."),
        _list("Keeping contacts in your own phone only."),
        _list("What have I learned about my area this month?"),
    ),
    "agency-links-and-costs": Furniture(
        "Organisations gain stronger community links and, over time, may see lower service costs.",
        _list("The organisation can show its community links and how people use them."),
        "Keep a simple record of links made and of people who need less formal support.",
        _list("Tell commissioners stories alongside numbers."),
        _list("Claiming savings without evidence."),
        _list("What would a commissioner want to know about our community links?"),
    ),
}

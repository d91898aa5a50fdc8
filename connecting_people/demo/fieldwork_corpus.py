"""Fictitious fieldwork corpus for the demo world: every site, person and word here is invented."""

from typing import NotRequired, TypedDict


class SiteSpec(TypedDict):
    key: str
    name: str
    region: str
    sector: str
    client_group: str
    host_organisation: str
    agreed_to_be_named: bool


class ParticipantSpec(TypedDict):
    site: str
    pseudonym: str
    perspective: str
    real_name: NotRequired[str]
    nicknames: NotRequired[str]
    role_description: str
    consent_to_quote: bool


class SourceSpec(TypedDict):
    """One file of the corpus: where and when it was gathered, from whom, and its text."""

    site: str | None  # None: in the inbox, not yet assigned to a site
    filename: str
    kind: str
    visit: str | None
    participants: list[str]
    title: str
    text: str


# Nothing here is copied or paraphrased from any paper, website or real fieldwork. The places
# (Northbridge, Sallowmere, Carrowmouth, Abercelyn, Tŵr Celyn, Stennet Green, Castleby, Eldmere
# Fen) and the organisations are made up. Phone numbers are from the range reserved for drama
# and e-mail addresses use example.org.
#
# Several participants mention their worker by first name, so anonymisation has something to
# catch: each site's P1 has their real name in the register (Noor at Northbridge, Wren at
# Harbourside, Dilys at Kestrel Valley, Femi at Open Door Voices, Kieran at Castleby, Priya at
# Eldmere), as a research team would record it. Third parties are named too and are in nobody's
# register (Des, Bramble the dog, Pat, Sheila, Megan, Gareth): the check asks about them and the
# demo guide replaces them (guide_demo.THIRD_PARTIES).
#
# Deliberate gaps, so the coverage page has something to show: no individual accessing services
# says anything about taking on roles or giving back, and no funder or volunteer says anything
# about fitting the work into existing care or support planning.

SITES: list[SiteSpec] = [
    dict(
        key="northbridge",
        name="Northbridge Community Mental Health Team",
        region="north_west",
        sector="statutory",
        client_group="Adults under secondary mental health care",
        host_organisation="Fellside Health and Care Trust",
        agreed_to_be_named=False,
    ),
    dict(
        key="harbourside",
        name="Harbourside Connections",
        region="south_west",
        sector="third_sector",
        client_group="Adults with mental health problems in Carrowmouth and the bay villages",
        host_organisation="Harbourside Connections",
        agreed_to_be_named=True,
    ),
    dict(
        key="kestrel",
        name="Kestrel Valley Learning Disability Service",
        region="wales",
        sector="third_sector",
        client_group="Adults with learning disabilities",
        host_organisation="Kestrel Valley Trust",
        agreed_to_be_named=True,
    ),
    dict(
        key="opendoor",
        name="Open Door Voices",
        region="london",
        sector="service_user_led",
        client_group="People with lived experience of mental health services",
        host_organisation="Stennet Green Community Association",
        agreed_to_be_named=True,
    ),
    dict(
        key="castleby",
        name="Castleby Peer Support Project",
        region="north_east",
        sector="third_sector",
        client_group="Adults with mental health problems, supported by peers",
        host_organisation="Castleby Community Trust",
        agreed_to_be_named=False,
    ),
    dict(
        key="eldmere",
        name="Eldmere Tenancy Connectors",
        region="east",
        sector="other",
        client_group="Social housing tenants who are isolated, often after being rehoused",
        host_organisation="Eldmere Fen Homes (housing association)",
        agreed_to_be_named=False,
    ),
]

PARTICIPANTS: list[ParticipantSpec] = [
    # Northbridge (statutory community mental health team)
    dict(
        site="northbridge",
        pseudonym="P1",
        perspective="worker",
        real_name="Noor Bexley",
        role_description="a social worker in a community mental health team",
        consent_to_quote=True,
    ),
    dict(
        site="northbridge",
        pseudonym="P2",
        perspective="worker",
        role_description="a community mental health nurse",
        consent_to_quote=True,
    ),
    dict(
        site="northbridge",
        pseudonym="P3",
        perspective="manager",
        role_description="a team manager in a community mental health team",
        consent_to_quote=False,
    ),
    dict(
        site="northbridge",
        pseudonym="P4",
        perspective="individual",
        role_description="a man in his fifties supported by a community mental health team",
        consent_to_quote=True,
    ),
    dict(
        site="northbridge",
        pseudonym="P5",
        perspective="individual",
        role_description="a woman supported by a community mental health team",
        consent_to_quote=False,
    ),
    # Harbourside (third-sector mental health project)
    dict(
        site="harbourside",
        pseudonym="P1",
        perspective="worker",
        real_name="Wren Ashby",
        role_description="a support worker at a third-sector mental health project",
        consent_to_quote=True,
    ),
    dict(
        site="harbourside",
        pseudonym="P2",
        perspective="volunteer",
        role_description="a volunteer buddy who once used the project",
        consent_to_quote=True,
    ),
    dict(
        site="harbourside",
        pseudonym="P3",
        perspective="individual",
        role_description="a woman who moved to the area after a divorce",
        consent_to_quote=True,
    ),
    dict(
        site="harbourside",
        pseudonym="P4",
        perspective="individual",
        role_description="a woman living in a rural village",
        consent_to_quote=False,
    ),
    dict(
        site="harbourside",
        pseudonym="P5",
        perspective="funder",
        role_description="a commissioner at a local council",
        consent_to_quote=True,
    ),
    # Kestrel Valley (third-sector learning disability service)
    dict(
        site="kestrel",
        pseudonym="P1",
        perspective="worker",
        real_name="Dilys Rhydderch",
        nicknames="Dil",
        role_description="a support worker at a learning disability service",
        consent_to_quote=True,
    ),
    dict(
        site="kestrel",
        pseudonym="P2",
        perspective="individual",
        role_description="a woman with a learning disability",
        consent_to_quote=True,
    ),
    dict(
        site="kestrel",
        pseudonym="P3",
        perspective="individual",
        role_description="a man with a learning disability",
        consent_to_quote=False,
    ),
    dict(
        site="kestrel",
        pseudonym="P4",
        perspective="linked_organisation",
        role_description="the coordinator of a community garden",
        consent_to_quote=True,
    ),
    # Open Door Voices (service-user-led group)
    dict(
        site="opendoor",
        pseudonym="P1",
        perspective="manager",
        real_name="Femi Adeyemi",
        role_description="the co-ordinator of a service-user-led group",
        consent_to_quote=True,
    ),
    dict(
        site="opendoor",
        pseudonym="P2",
        perspective="individual",
        role_description="a member of a service-user-led group",
        consent_to_quote=True,
    ),
    dict(
        site="opendoor",
        pseudonym="P3",
        perspective="linked_organisation",
        role_description="a librarian who co-runs a group with a user-led organisation",
        consent_to_quote=True,
    ),
    dict(
        site="opendoor",
        pseudonym="P4",
        perspective="volunteer",
        role_description="a member who volunteers as a peer group facilitator",
        consent_to_quote=False,
    ),
    # Castleby (peer-support project)
    dict(
        site="castleby",
        pseudonym="P1",
        perspective="worker",
        real_name="Kieran Lusk",
        role_description="a peer support worker",
        consent_to_quote=True,
    ),
    dict(
        site="castleby",
        pseudonym="P2",
        perspective="individual",
        role_description="a man supported by a peer support project",
        consent_to_quote=False,
    ),
    dict(
        site="castleby",
        pseudonym="P3",
        perspective="volunteer",
        role_description="a volunteer peer supporter",
        consent_to_quote=True,
    ),
    dict(
        site="castleby",
        pseudonym="P4",
        perspective="manager",
        role_description="the manager of a peer support project",
        consent_to_quote=True,
    ),
    # Eldmere (housing association connector scheme)
    dict(
        site="eldmere",
        pseudonym="P1",
        perspective="worker",
        real_name="Priya Raman",
        role_description="a tenancy connector at a housing association",
        consent_to_quote=True,
    ),
    dict(
        site="eldmere",
        pseudonym="P2",
        perspective="funder",
        role_description="a grants officer at a community foundation",
        consent_to_quote=False,
    ),
    dict(
        site="eldmere",
        pseudonym="P3",
        perspective="linked_organisation",
        role_description="the organiser of a community workshop",
        consent_to_quote=True,
    ),
]

SOURCES: list[SourceSpec] = [
    # ------------------------------------------------------------------ Northbridge
    dict(
        site="northbridge",
        filename="northbridge-worker-interview-p1.txt",
        kind="interview",
        visit="2026-02-03",
        participants=["P1"],
        title="Interview with a social worker",
        text="""\
Interviewer: Thanks for making the time. Could you start by telling me a bit about your role in the team?

P1: Sure. I'm a social worker, I've been in the team about six years now. Most of my caseload is people \
who've been with secondary services a long time, some of them ten, fifteen years. And, um, a lot of them \
have very small worlds. Their contacts are me, the psychiatrist, maybe a sister they see at Christmas.

Interviewer: How do you start the conversation about connections with someone like that?

P1: Slowly. Honestly, the first few visits aren't about connections at all. They're about being someone who \
turns up when they said they would. If I say Tuesday at two, I'm there Tuesday at two, and if I can't be, I \
ring in the morning, not at half past. People have been let down by services so many times that reliability \
is the whole thing at the start.

Interviewer: And once there's some trust?

P1: Then I'll get a sheet of paper out and draw three circles, with them in the middle. I ask who's close, \
who's a bit further out, who they'd like to see more of. Sometimes the paper stays almost empty and that can \
be hard to look at, so I'm careful. I'll say, well, what about the man at the paper shop you mentioned, he \
can go on the outer circle. It's amazing how often there's a brother they haven't phoned in years, or they \
used to play darts for the pub. That's where the strengths come out.

Interviewer: What gets in the way, working in a statutory team?

P1: Time, mainly. I've got thirty-odd people and a chunk of them are in crisis at any given point, so the \
connecting work is the first thing that slides. It feels like the nice-to-have. And supervision... \
supervision is mostly risk. Who's at risk, what's the plan, are the records up to date. Nobody's going to \
ask me whether someone got to the allotment.

Interviewer: Is there a way round that?

P1: What's helped me is putting the social goals into the care plan itself, in the person's words. So \
instead of a separate bit of paper it sits under "what I want from the next six months", next to medication \
and housing. Then at the review it gets talked about, because it's on the form. It sounds bureaucratic, but \
if it's not in the care plan it doesn't exist, as far as the system's concerned.

Interviewer: Any tips for someone new to this?

P1: Don't do it all in the office. Meet in the café on the high street, or walk round the park. People talk \
differently when they're not sitting across a desk from you. And set goals that are small enough to actually \
happen. "Make friends" isn't a goal. "Come and look at the library noticeboard with me on Thursday" is.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-individual-interview-p4.vtt",
        kind="interview",
        visit="2026-02-03",
        participants=["P4"],
        title="Interview with a man supported by the team",
        text="""\
WEBVTT

00:00:01.200 --> 00:00:05.431
<v Interviewer>So you've been seeing Noor for, what, about a year now?

00:00:05.831 --> 00:00:18.523
<v P4>Bit more than that. Fourteen months. I remember because she came the week after my birthday and she'd \
picked it up from the notes, she said happy birthday. Small thing, but, you know.

00:00:18.923 --> 00:00:21.615
<v Interviewer>What was it like at the beginning?

00:00:22.015 --> 00:00:35.477
<v P4>I didn't want to know, to be honest. I thought, she's another one who'll be gone in six months. But \
she kept coming. And she asked about my dog, Bramble, by name, every single time.

00:00:35.877 --> 00:00:38.185
<v P4>I thought, right, she's actually listening.

00:00:38.585 --> 00:00:42.431
<v Interviewer>How did the idea of the bike workshop come up?

00:00:42.831 --> 00:00:49.369
<v P4>We were doing that thing with the circles, who's in your life, and it was pretty bare.

00:00:49.769 --> 00:01:02.462
<v P4>Then she asked what I used to be good at, and I said, well, I used to fix the bikes for all the kids \
on our street. Years ago. Before I got ill.

00:01:02.862 --> 00:01:10.169
<v P4>And she said there's a bike workshop at the church hall on Saturdays where people do up old bikes.

00:01:10.569 --> 00:01:12.877
<v Interviewer>Had you heard of it before?

00:01:13.277 --> 00:01:25.585
<v P4>No. Well, I'd walked past it. I'd never have gone in on my own. The bus was the problem, really. I get \
panicky on buses, I have to sit by the door.

00:01:25.985 --> 00:01:37.138
<v P4>So the first time Noor came with me on the bus, and we sat by the door, and she just chatted about \
nothing so I didn't think about it.

00:01:37.538 --> 00:01:40.231
<v Interviewer>And what happened when you got there?

00:01:40.631 --> 00:01:56.015
<v P4>She'd rung ahead, so the fella running it, Des, he knew I was coming. He didn't make a fuss. He just \
handed me a wheel with a buckled rim and said, can you do anything with that? And I could.

00:01:56.415 --> 00:02:00.646
<v P4>I was... erm, I was shaking a bit, but I could.

00:02:01.046 --> 00:02:02.846
<v Interviewer>Do you still go?

00:02:03.246 --> 00:02:15.169
<v P4>Most Saturdays. I go on my own now, I walk it if the weather's fine, it's forty minutes. The first \
time on my own I nearly turned back at the corner.

00:02:15.569 --> 00:02:20.185
<v P4>But Des had said see you next week, so I went in.

00:02:20.585 --> 00:02:22.385
<v Interviewer>Has anything else changed?

00:02:22.785 --> 00:02:34.708
<v P4>I talk to people more. There's a lad there my age who supports the same team as me, so we have a moan \
about that every week. I've got his number.

00:02:35.108 --> 00:02:41.646
<v P4>I wouldn't have said that a year ago, that I had anyone's number who wasn't a nurse.

00:02:42.046 --> 00:02:46.662
<v Interviewer>What would you say to someone thinking of trying something like that?

00:02:47.062 --> 00:03:02.446
<v P4>Have someone go with you the first time. And pick something you know you can do, a bit. Not something \
totally new. That way you've got something to talk about with people, you're not just stood there like a \
lemon.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-field-notes-2026-02-03.txt",
        kind="field_notes",
        visit="2026-02-03",
        participants=["P1", "P2", "P3"],
        title="Field notes: team meeting and office, first visit",
        text="""\
Field notes, Northbridge CMHT, 3 February 2026 (first visit)

Arrived at 9.15 for the morning team meeting. Open-plan office on the first floor of an old council \
building, radiators on full, about fourteen staff round the table and two more on the phones. A whiteboard \
with the duty rota and a list of people "of concern", initials only.

The meeting ran for just over an hour. Most of it was allocation and risk: two new referrals, a long \
discussion about a hospital discharge planned for Friday. About forty minutes in, the manager (P3) asked for \
"good news", which people told me afterwards is a fairly new habit. P1 described someone she works with \
going to a bike workshop for the third week running. There was a ripple of interest and a nurse asked for \
the contact details. P2 said the walking group in Sallowmere had lost its leader and might fold.

Afterwards P1 showed me the team's shared spreadsheet of local groups. About ninety entries, colour-coded by \
whether anyone had checked them in the last six months: a lot of amber and red. She said updating it is \
"nobody's job and everybody's job".

The care plan template on screen has a box headed "people, places and things I do". Of the two plans P1 \
showed me (names hidden), one had a few lines in the person's own words; the other said "declined to discuss".

Over lunch, a conversation about boundaries. Some staff are uneasy about going into community settings with \
people: worries about being seen together, and about what to do if someone becomes unwell in public. P2 said \
that, for him, going along the first time is where most of the real work happens.

Reflection: the team clearly likes the idea, but the structure (duty, risk, records) pulls the other way. \
The "good news" slot and the box on the template look like small levers that make connecting work visible. \
Ask next time whether the box is discussed at reviews or just filled in.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-manager-interview-p3.docx",
        kind="interview",
        visit="2026-06-17",
        participants=["P3"],
        title="Interview with the team manager",
        text="""\
Interviewer: You manage the team. Where does connecting work sit among everything else?

P3: If I'm honest, most weeks it sits below the line. We're a statutory team. We've got waiting lists, we've \
got people on community treatment orders, we've got the duty phone. Under that pressure the things that get \
done are the things that get measured, and for a long time nobody measured whether people had a life outside \
the service.

Interviewer: Has that changed?

P3: A bit. Two things changed it. One, we rewrote the care plan template last year so there's a section \
called "people, places and things I do". It has to be filled in, and it gets looked at in the six-monthly \
review alongside everything else. That sounds small, but it means connecting work isn't a side project that \
a couple of keen workers do. It's part of the plan everyone works to. Two, I started asking about it in \
supervision. I ask every worker, who have you helped get somewhere new this month? Sometimes the answer is \
nobody, and that's fine, but asking the question says it matters.

Interviewer: How do your workers find out what's out there?

P3: We keep a shared list on the team drive. Groups, contact names, which ones are good with people who are \
anxious, which have step-free access. It goes out of date, so each worker takes a neighbourhood and checks \
it every quarter. And we've started inviting people to the start of team meetings, ten minutes each. The \
woman who runs the walking group came in, the bike workshop, the adult learning people from the college. \
Once workers have met someone face to face they're far more likely to pick up the phone.

Interviewer: What about the barriers?

P3: Caseloads, obviously. Staff turnover, which means contacts walk out of the door with people, which is \
why the shared list matters. And some of my staff feel that sitting in a café with someone isn't proper \
clinical work. I understand that, but I'd argue it's some of the most clinical work we do, if you look at \
what keeps people out of hospital.

Interviewer: Have you seen any difference in outcomes?

P3: Anecdotally, yes. A handful of people who used to ring the duty line several times a week ring much less \
now they've got somewhere to be on a Wednesday and a Saturday. I can't give you a figure. I'd love to, \
because that's what gets the attention of the people above me. Fewer crisis contacts, fewer admissions: \
that's money, and that's the language the trust speaks.

Interviewer: If you could change one thing?

P3: Protected time. Half a day a week when a worker can be out in the community without feeling they've \
abandoned the duty rota.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-individual-interview-p5.txt",
        kind="interview",
        visit="2026-06-17",
        participants=["P5"],
        title="Interview with a woman supported by the team",
        text="""\
Interviewer: Last time we spoke you'd just started at the walking group. How's it been?

P5: Up and down. Mostly up. I still go, Wednesdays. There's a core of about six of us now.

Interviewer: You said up and down?

P5: Well, there was a patch in the spring where I stopped. One of the women asked me what I did, for work, \
and I just froze. I didn't want to say I'm under the mental health team and I've not worked in four years. I \
mumbled something and then I didn't go back for three weeks, because I thought they'd all be talking about me.

Interviewer: What got you back?

P5: Noor, partly. We talked it through and she helped me work out something to say that was true but didn't \
give everything away. "I'm having a break from work for my health." That's it. Nobody's ever asked more than \
that. And one of the others texted me to ask if I was all right, which, I didn't expect that at all.

Interviewer: You and Noor did a review recently, didn't you?

P5: Yes, in May. She got out the circles we did at the start, last summer, and we did a new one and put them \
side by side. The first one had three people on it, and one of them was her. The new one had, I think, nine \
or ten. The walking lot, my neighbour, my cousin who I'd started phoning again. I actually cried a bit. Not \
in a bad way. You don't notice it week to week.

Interviewer: What helped most, looking back?

P5: Having it written down, honestly. It's in my care plan now, the walking and my cousin, so when I see the \
psychiatrist he asks about it, which I like. It makes it feel like it counts, not just a nice chat.

Interviewer: And what happens next?

P5: They're talking about discharging me back to my GP in the autumn. Which is good, but it's scary. Noor \
and I made a list of what I'd do if things got bad, who I'd ring. And I want to keep the walking going. I've \
told myself, whatever happens, Wednesday is Wednesday.

Interviewer: Is there anything that would make that easier?

P5: Knowing I can come back if I need to, without going through the whole referral again. And, um, the group \
needs a new leader, someone said. So I'm just hoping it doesn't fold.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-nurse-interview-p2.srt",
        kind="interview",
        visit="2026-06-17",
        participants=["P2"],
        title="Interview with a community mental health nurse",
        text="""\
1
00:00:01,000 --> 00:00:05,231
Interviewer: Can you tell me how you think about endings with people?

2
00:00:05,731 --> 00:00:26,115
P2: Endings are where we've historically been worst. Someone gets well enough and they're discharged, and \
everything we built up goes with the care coordinator. So now I try to plan the ending from the start. I'll \
say, early on, I won't always be here, so let's build things that don't depend on me.

3
00:00:26,615 --> 00:00:29,308
Interviewer: What does that look like in practice?

4
00:00:29,808 --> 00:00:48,654
P2: It means stepping back on purpose. First time, I go with them. Second time, I meet them outside. Third \
time, I ring afterwards to see how it went. By the fourth they're telling me about it at our next \
appointment, and I'm not really part of it any more.

5
00:00:49,154 --> 00:00:50,954
Interviewer: And reviews?

6
00:00:51,454 --> 00:01:12,223
P2: We review the connecting goals at the same time as the rest of the care plan, so it's one conversation, \
not two. I ask three questions: what's changed, what helped, what got in the way. And I let them answer \
first, before I say what I've noticed, because otherwise they just agree with me.

7
00:01:12,723 --> 00:01:15,031
Interviewer: What gets in the way, typically?

8
00:01:15,531 --> 00:01:27,454
P2: Money, a lot of the time. A class that's £8 a week is out of reach for someone on benefits. Buses at \
night. And confidence, that first time through a door.

9
00:01:27,954 --> 00:01:29,877
Interviewer: Has the work changed you?

10
00:01:30,377 --> 00:01:53,069
P2: Massively. I know my patch far better than I did. I know which community centre has a friendly \
caretaker, which pub does a quiz that isn't too loud, that the library runs a chess club on Fridays. That \
knowledge gets used for everyone on my caseload, not just one person. And I pass it on to the student nurses.

11
00:01:53,569 --> 00:01:56,262
Interviewer: Anything you'd warn a new nurse about?

12
00:01:56,762 --> 00:02:09,069
P2: Don't mistake busy for connected. Someone can be at four groups a week and still not have anyone to ring \
on a Sunday. Ask who they'd call, not just where they go.
""",
    ),
    # ------------------------------------------------------------------ Harbourside
    dict(
        site="harbourside",
        filename="harbourside-worker-interview-p1.docx",
        kind="interview",
        visit="2026-01-22",
        participants=["P1"],
        title="Interview with a support worker",
        text="""\
Interviewer: How would you describe what you do at Harbourside?

P1: On paper I'm a support worker. In practice I spend most of my week helping people find their way back \
into things, or into new things. Groups, classes, a regular café, a volunteering spot. Whatever they want, \
really.

Interviewer: How do you get started with someone?

P1: I try to make it feel like two people getting to know each other rather than an assessment. I'll share a \
bit about myself, not my life story, but, you know, I swim in the sea most mornings, I've got an allotment \
that's mostly weeds. And then you find the thing you've both got. I had a lad last year who was mad about \
rowing, and I rowed at school, so we talked about boats for about three sessions. That was the relationship, \
really. It wasn't me helping him, it was two people talking about something we both liked.

Interviewer: How do you know what's out there in Carrowmouth?

P1: Years of nosing about. I read every noticeboard. I go to things myself. And I'll be honest, I use my own \
contacts. My cousin runs a community choir over on the Gannet Point side, and I've introduced three people \
to it. I checked with my manager first. We've got a simple rule: you can use a personal contact as long as \
you tell your supervisor and the person knows about the connection.

Interviewer: What happens when you introduce someone to a group?

P1: I always ring the organiser first, with the person's permission. I don't give a history, just enough: \
they might be nervous, they might need to leave early, they'd like someone to sit with. Then the first time \
I go along. Sometimes we arrive early so there's no walking into a full room. And if the group has someone \
who's happy to be a buddy, I'll ask them to look out for the person, so the link is with a member and not \
just with me.

Interviewer: What makes that work?

P1: The organiser being briefed, mainly. When it goes wrong it's usually because someone walked in and \
nobody knew who they were. And it helps to have a plan B. If they get to the door and can't go in, we'll go \
for a coffee instead and call that a success, because it was one.

Interviewer: Any tips for a new worker?

P1: Remember the small things. Names of their kids, their cat, what they were worried about last time. Write \
it down afterwards if you have to. People notice when you remember.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-individual-interview-p3.txt",
        kind="interview",
        visit="2026-01-22",
        participants=["P3"],
        title="Interview with a woman supported by the project",
        text="""\
Interviewer: How did you first meet Wren?

P3: My GP suggested it. I was pretty low. I'd moved down here after my divorce and I didn't know a soul. \
Wren came to my flat the first time, because I wasn't really going out.

Interviewer: What was she like?

P3: Normal. That sounds daft, but that's what I noticed. No clipboard. She asked about the pictures on my \
wall and we ended up talking about my kids for half an hour. And she was always on time, or she'd text. I've \
still got one of her texts actually, hang on... “See you Thurs at the harbour café, I'll be the one in the \
giant scarf 🧣👍” I kept it because it made me laugh on a bad day.

Interviewer: What did you decide to work on together?

P3: I used to do a bit of pottery, years ago, before the kids. So Wren found a class at the arts centre. The \
problem was it was £45 for six weeks and I just didn't have it. I nearly didn't go, because I was too \
embarrassed to say.

Interviewer: What happened?

P3: Wren rang them. Turns out they had concession places they don't advertise, you just have to ask. It came \
down to £10 for the block. I'd never have asked. I'd have said no thanks, not for me.

Interviewer: How was the first class?

P3: Terrifying. I nearly threw up in the car park. Wren came in with me and sat at the back for the first \
half, then went for a walk. By the end I'd made a very wonky bowl, and the woman next to me, Pat, had made a \
worse one, so we had a laugh about it.

Interviewer: And now?

P3: I've done two blocks. Pat and I go for a coffee after. I wouldn't call her a close friend yet, but she's \
someone. If I don't turn up, she notices. That's the first time since I moved that anyone would notice.

Interviewer: What's changed for you?

P3: I sleep better. I've got things in the diary. I don't feel like I'm just waiting for the week to end. \
It's, um... it's hard to say. I feel more like me again.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-volunteer-interview-p2.vtt",
        kind="interview",
        visit="2026-04-30",
        participants=["P2"],
        title="Interview with a volunteer buddy",
        text="""\
WEBVTT

00:00:01.200 --> 00:00:05.815
<v Interviewer>Can you tell me how you came to be a volunteer here?

00:00:06.215 --> 00:00:18.523
<v P2>I came here as a... I was one of Wren's people, about three years ago. When things got better, she \
asked if I'd ever thought about volunteering. I laughed, to be honest.

00:00:18.923 --> 00:00:22.385
<v P2>I didn't think I had anything to offer anyone.

00:00:22.785 --> 00:00:24.585
<v Interviewer>What changed your mind?

00:00:24.985 --> 00:00:36.908
<v P2>She pointed out I'd been going to walking football for a year and I knew everyone there. She said, you \
could be the person who meets new people at the gate.

00:00:37.308 --> 00:00:41.538
<v P2>And I thought, well, I remember how scary that gate was.

00:00:41.938 --> 00:00:45.400
<v Interviewer>So what do you do now, as a buddy?

00:00:45.800 --> 00:01:00.800
<v P2>I meet people before their first session, usually at the café by the bus station. We have a brew, then \
we walk up together. I introduce them to a couple of the lads, not the whole lot at once.

00:01:01.200 --> 00:01:10.431
<v P2>I tell them it's fine to just watch the first week. Then I keep an eye on them for the first month or \
so.

00:01:10.831 --> 00:01:12.754
<v Interviewer>What makes a good buddy?

00:01:13.154 --> 00:01:26.615
<v P2>Not making a big thing of it. Nobody wants to feel like the charity case. I just say, he's a mate of \
mine, he's thinking of joining. And being honest that I was nervous too.

00:01:27.015 --> 00:01:29.708
<v P2>That helps more than anything, I think.

00:01:30.108 --> 00:01:31.908
<v Interviewer>Does anything go wrong?

00:01:32.308 --> 00:01:46.154
<v P2>Sometimes people don't turn up. You wait at the café and they don't come. I've learned not to take it \
personally. I'll text later and say no worries, same time next week if you fancy it.

00:01:46.554 --> 00:01:50.400
<v P2>Wren says that's half the job, leaving the door open.

00:01:50.800 --> 00:01:53.492
<v Interviewer>What do you get out of it?

00:01:53.892 --> 00:02:05.815
<v P2>A reason to get up on a Saturday. Being trusted with something. When someone I've buddied scores his \
first goal and looks over at me, that's... yeah. That's worth a lot.

00:02:06.215 --> 00:02:13.523
<v P2>I've been asked to help train the new buddies now, which is a bit mad, given where I was.

00:02:13.923 --> 00:02:17.000
<v Interviewer>Is there support for you as a volunteer?

00:02:17.400 --> 00:02:31.246
<v P2>There's a volunteers' meeting once a month with Wren and the other buddies, where we talk about how \
it's going. And I can ring her if something's worrying me. I wouldn't do it without that, honestly.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-focus-group-2026-04-30.txt",
        kind="focus_group",
        visit="2026-04-30",
        participants=["P2", "P3", "P4"],
        title="Focus group: first times, barriers and keeping going",
        text="""\
Facilitator: Thanks for coming, all of you. I'd like to start with first times. What helps when you're going \
somewhere new?

P4: Knowing what it looks like inside. Where the door is, where you sit, where the toilets are. I looked at \
photos online before I went to the choir. It sounds silly, but it helped.

P3: Not going on your own. Wren came with me the first time to pottery. I don't think I'd have got through \
the door otherwise.

P2: For walking football it's knowing somebody's name before you get there. Even one name.

Facilitator: And what gets in the way?

P4: The bus. Honestly, out where I live there's two buses a day in winter. If I miss the half four back I'm \
stuck. So I ended up not going to things that finish late, which is most things.

P3: Money, for me, at the start. It's not just the class, it's the bus fare, and then everyone goes for a \
coffee after and that's another three quid.

P2: Your own head, as well. The night before, you talk yourself out of it. I've done that loads of times.

Facilitator: How did you get round those things?

P4: Wren found me a lift. One of the choir women lives two villages over. So now I go with her. We talk the \
whole way there, and that's been lovely in its own right.

P3: I told Wren I couldn't afford it, which was the hard bit. Once I'd said it out loud, there were ways.

Facilitator: Do you look back at how things have gone? Does anyone do that with you?

P3: Wren does a catch-up every couple of months. We look at what I said I wanted and what's actually \
happened. I find it useful, because I forget the good bits. I only remember the week I didn't go.

P4: I've only just started that. I don't really like looking back, it makes me anxious. But she did say, \
look, six months ago you wouldn't get on a bus, and now you're going to choir every week with Sheila. And I \
thought, well, that's true.

Facilitator: What happens when Harbourside isn't in the picture any more?

P2: You've got to have your own reasons to go. Not because a worker's expecting you.

P3: Pat and I have said we'll sign up for the next block together, whatever happens. That feels like mine \
now, not Harbourside's.

P4: I worry about it. If Sheila moves, or the choir stops... I'd want to know I could ring up again without \
starting from scratch.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-funder-interview-p5.docx",
        kind="interview",
        visit="2026-09-10",
        participants=["P5"],
        title="Interview with a council commissioner",
        text="""\
Interviewer: Your team funds Harbourside. What made you invest in this kind of work?

P5: Partly the loneliness figures in our own residents' survey, which were bad, especially along the coast, \
where a lot of people retired here or moved for cheaper rents and then found themselves on their own. And \
partly because we kept seeing the same names come through adult social care and the out-of-hours services. \
We were paying for crisis over and over, and nothing upstream.

Interviewer: What do you look for in a project like this?

P5: Three things, really. First, that they're genuinely rooted locally. Harbourside's workers know the \
choirs, the sailing club, the church halls, the café owners. You can't buy that in from outside. Second, \
that they work with other organisations rather than trying to do everything themselves. And third, that they \
can tell me what changed for people, in a way I can take to councillors.

Interviewer: How do they tell you what changed?

P5: A mix. Numbers: how many people, how many linked to at least one regular activity, how many still going \
six months later. Some short well-being scores, before and after. But honestly, what moves councillors is \
the stories. A man who hadn't left his flat in two years and now goes to walking football every week. That \
lands in a way a table doesn't.

Interviewer: Is there evidence of savings?

P5: Some. We looked at a small group of people before and after, and there was a drop in emergency contacts. \
I'm careful with it. The numbers are small and things change for all sorts of reasons. I'd never want to \
sell this as a cost-cutting measure. It's about people having a life. If it saves money, that's a bonus.

Interviewer: What gets in the way, from where you sit?

P5: Our own funding cycles, if I'm honest. We give one-year grants because that's what our budget allows, \
and this work takes longer than a year. Staff on short contracts leave, and their contacts leave with them. \
The relationship with each person needs time too. You can't build trust in twelve weeks with someone who's \
been let down for years.

Interviewer: What would you change?

P5: Three-year funding as the default, with lighter reporting. And I'd like to get the funders round one \
table. There's us, the health side, a couple of charitable trusts, all funding bits of the same thing and \
all asking for different forms.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-observation-2026-09-10.md",
        kind="observation",
        visit="2026-09-10",
        participants=["P1", "P4"],
        title="Observation: a first visit to the rowing club",
        text="""\
# Observation: a first visit to the rowing club open morning

*Harbourside Connections, Carrowmouth, 10 September 2026. Present: P1 (support worker), P4, two members of \
the rowing club. Consent for the observation confirmed with everyone on the day.*

## Before

P1 and P4 met at 9.30 at the café on the harbour wall, which they called "our usual". P1 had rung the club \
the week before and spoken to the member who greets newcomers, giving only P4's first name and saying she \
might want to watch rather than row. P1 went to order the drinks while P4 found a table; I realised later \
that this gave P4 a small task and a minute to settle.

They talked about the weather, P4's choir and a television programme they both watch. No mention of the \
visit until P1 asked: "Still up for it? We can just walk past and look if you'd rather."

## At the club

The clubhouse is a converted boat shed five minutes along the front. A woman in a club fleece came out to \
meet them, used P4's name straight away and showed her the boats. P4 stayed close to P1 for the first ten \
minutes, arms folded. When a crew went out, the welcomer stayed on the slipway with P4 and talked her \
through what they were doing. P1 stepped back and chatted to another member a few metres away, which looked \
deliberate.

P4 did not row. She accepted a mug of tea and a leaflet and asked when the next open morning would be.

## Afterwards

Back at the café, P1 asked what P4 had liked and not liked. P4: "The people were nice. I didn't like the \
idea of falling in." P1 did not push; they agreed P4 would think about it and they would talk again next \
week. P1 wrote the welcomer's name in her notebook "so I remember to thank her".

## Reflections

- The groundwork was invisible but substantial: the phone call, a familiar café, a way out offered before \
and during.
- Stepping back at the slipway seemed to move the connection from the worker to a club member.
- Whether P4 goes back is open. Both of them counted the visit as a success regardless.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-leaflet.md",
        kind="site_document",
        visit="2026-01-22",
        participants=[],
        title="Harbourside Connections leaflet",
        text="""\
# Harbourside Connections

## Feeling cut off? Let’s find your people.

Harbourside Connections helps adults in Carrowmouth and the villages around the bay who live with mental \
health problems to get (back) into the things that matter to them: groups, classes, clubs, volunteering, or \
just a regular place for a cuppa.

### How it works

1. **We meet.** A worker meets you somewhere you feel comfortable: your home, a café, the library or a walk \
along the front.
2. **We get to know you.** What do you enjoy? What did you use to do? Who is in your life, and who would you \
like to see more of?
3. **We make a plan together.** You choose what to aim for. We start small.
4. **We go along with you.** The first time is often the hardest. A worker or one of our volunteer buddies \
can come with you.
5. **We look back together.** Every few months we check what’s changed and what you’d like to do next.

### What people say

“I thought it would be another service telling me what to do. It wasn’t. It was more like having someone in \
my corner.”

“The first time I went to choir I sat in the car for twenty minutes. Now I can’t imagine a Monday without it.”

### Costs

Our support is free. Many local groups charge, so we help you find concessions, and we have a small fund (up \
to £30 per person) for first-time costs such as a class fee or bus fares.

### Who can use Harbourside?

Adults aged 18 and over living in the Carrowmouth area. You can refer yourself, or ask your GP, your mental \
health team or anyone who supports you to get in touch.

Call 01632 960418 (Monday to Friday, 9am to 5pm), email hello@harbourside.example.org, or drop in on \
Thursday mornings at the Harbour Wall Café.
""",
    ),
    # ------------------------------------------------------------------ Kestrel Valley
    dict(
        site="kestrel",
        filename="kestrel-field-notes-2026-03-11.md",
        kind="field_notes",
        visit="2026-03-11",
        participants=["P1"],
        title="Field notes: first visit to Kestrel Valley",
        text="""\
# Field notes: Kestrel Valley, first visit

*11 March 2026*

Took the 14 from Abercelyn up the valley to Tŵr Celyn: fifty minutes, one bus every two hours, the last one \
back at 17.40. A good practical lesson in what the team mean when they call transport "the big one". The \
driver knew most of the passengers by name.

Kestrel's base is two rooms above a shop on the main street. The walls are covered in easy-read posters: "My \
plan", "Who is in my life?", and a photo board of "Things we did this year" (a Saturday disco, a trip to the \
seaside, the choir concert, someone on a bus giving a thumbs up).

Met P1 for the first time. She showed me the picture cards she uses for planning: local places photographed \
by the team and laminated, with the Welsh and English names on each. They make a new card whenever someone \
finds a new place, so the pack "grows with the community".

Team meeting in the afternoon: five staff, bilingual, mostly in English while I was there, a courtesy I \
noted. Most of it was about rotas, but a standing item called "new places" took fifteen minutes. Someone \
reported a Saturday disco at the rugby club; someone else said the leisure centre had moved its quiet swim \
session. The manager asked each worker for one thing they had done out in the community that week.

Noticeable: the team talk about "going with", "stepping back" and "checking it's really theirs". Strong \
emphasis on bringing families along rather than working round them.

Questions for next visit:

- How do they decide when to step back?
- What happens to people's connections when a worker leaves?
- Can we observe a session at the community garden?
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-individual-interview-p2.txt",
        kind="interview",
        visit="2026-03-11",
        participants=["P2"],
        title="Interview with a woman supported by the service",
        text="""\
Interviewer: Thank you for talking to me. Can you tell me about Dilys?

P2: Dilys is my worker. She is kind. She has a dog called Pip. She showed me a photo of him.

Interviewer: What do you and Dilys do together?

P2: We do my plan. We have big paper and pictures. I stick the pictures on. Singing, swimming, my mam, my \
brother Gareth.

Interviewer: What did you want to do?

P2: Singing. I like singing. I sing in my room. Dilys said there is a choir in Tŵr Celyn on Mondays, in the \
chapel.

Interviewer: How did you feel about going?

P2: Scared. Scared about the bus. I never went on the bus on my own before. My mam always took me.

Interviewer: What helped?

P2: Dilys came on the bus with me, lots of times. She made me a card with the bus number, the 14, and a \
picture of the stop. Then one time she sat at the back and I sat at the front. Then she didn't get on. She \
waited at the other end. Now I go on my own.

Interviewer: That's brilliant. What was the choir like the first time?

P2: Loud! Lots of people. Old people mostly. They sing in Welsh and English. I didn't know the Welsh songs. \
A lady called Megan sat with me and showed me the words. Dilys told her I was coming.

Interviewer: Do you still go?

P2: Every Monday. Megan keeps my chair. Sometimes we have tea and Welsh cakes after. I like the Welsh cakes \
best.

Interviewer: How do you feel now?

P2: Happy. Proud. My mam says I'm more chatty. Before I was sad, in my room a lot.

Interviewer: Was anything hard?

P2: One time the bus didn't come. I was scared. I rang Dilys. She said ring the number on the card, it's the \
taxi, and Kestrel paid. Now that number is in my phone.

Interviewer: What if Dilys wasn't your worker any more?

P2: I would still go. Megan is my friend now. She rang me at Christmas. And I know the bus.

Interviewer: What would you tell Dilys to do with other people?

P2: Go slow. Show pictures. Don't talk too fast. And um... ask them what they like first.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-worker-interview-p1.docx",
        kind="interview",
        visit="2026-03-11",
        participants=["P1"],
        title="Interview with a support worker",
        text="""\
Interviewer: How do you start exploring someone's network when words aren't always the easiest way in?

P1: Pictures, mostly. We use a big sheet with circles and the person sticks on photos, or drawings, or \
things we've printed off. Mam, the dog, the man at the chip shop. Some people tell me, some would rather \
show me, so we might walk round the village and they'll point out who they know. I learnt more about one \
man's network walking with him to the shop than in a month of sitting down.

Interviewer: And goal setting?

P1: It has to be the person's goal, and you have to check it really is theirs. It's easy for someone with a \
learning disability to say yes to whatever the last person suggested. So I offer choices, then come back a \
week later and see if they still want it. If someone tells me about the choir every single time I see them, \
I know it's theirs.

Interviewer: What gets in the way?

P1: Transport is the big one round here. The valley buses are every two hours, and some people have never \
travelled alone. So travel training is a lot of my job. Bit by bit: together, then apart on the same bus, \
then me waiting at the other end. Then there's families. Parents who've kept someone safe for forty years \
aren't always keen on them going to the pub quiz on their own. I understand that. So I bring them in early. \
I'll take mam along to see the garden before her daughter starts.

Interviewer: How does this fit with the rest of the person's support?

P1: Everyone has a person-centred support plan, and the connecting goals go straight into it, with pictures, \
so the support staff who do the day-to-day know what we're working on. If the plan says Monday is choir, the \
rota has to make sure someone can help with the bus fare and getting ready. Otherwise people miss their \
group because the support staff didn't know. And the reviews look at it, so it doesn't get lost.

Interviewer: What support do you get?

P1: Good supervision. My manager asks about the community side every time. We also have a "new places" slot \
in the team meeting where we share what we've found. Somebody found a Saturday disco at the rugby club \
that's brilliant for our people, and now five of them go.

Interviewer: And reviewing progress?

P1: We take photos along the way, with permission, and when we review we look at them together. A photo of \
someone on the bus on their own for the first time says more than any form.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-garden-interview-p4.txt",
        kind="interview",
        visit="2026-07-15",
        participants=["P4"],
        title="Interview with a community garden coordinator",
        text="""\
Interviewer: How did the garden first start working with Kestrel Valley?

P4: Dilys turned up one day with a tray of flapjacks and asked if she could have a look round. That was \
about four years ago. She wanted to know if people with learning disabilities could come and garden with us. \
We said yes before we'd really thought about it, to be honest.

Interviewer: What does Kestrel do that makes it work?

P4: They never just send someone. Dilys rings me first and tells me what the person enjoys, whether they \
mind noise, whether they need a hand with anything practical. Then they visit together on a quiet day before \
the first proper session. So by the time someone comes on a Wednesday morning, I know their name and they \
know mine, and they know where the kettle is.

Interviewer: What else helps?

P4: Having one person they can come to. At first that was always me, but now we pair newcomers with one of \
our regulars, someone who's there every week. And keeping to the same day and time. People do better when \
it's the same slot and the same faces.

Interviewer: Have there been problems?

P4: Practical ones, mostly. For ages we had no proper toilet, just a portaloo, and that put some people off \
completely. We got a small grant and sorted it last spring. And the bus. The stop is a ten-minute walk up a \
lane with no pavement, so Kestrel arranged for people to walk up together from the stop. Once or twice \
there's been an awkward moment with a member of the public, a comment, and we dealt with it straight away. \
It's everybody's garden.

Interviewer: What has the garden got out of it?

P4: Honestly, loads. More hands, obviously. But we've also become a different kind of place. More patient, I \
think. And Kestrel put us in touch with the college, so now we get their horticulture students too. One link \
leads to another.

Interviewer: Any advice for another group thinking about working with an organisation like Kestrel?

P4: Ask for a named contact and make sure you can reach them. Be clear about what you can and can't do. \
We're not support workers, and that's fine, we're gardeners. And don't wrap people in cotton wool. They came \
to garden, so let them garden.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-observation-2026-07-15.txt",
        kind="observation",
        visit="2026-07-15",
        participants=["P1", "P3", "P4"],
        title="Observation: a morning at the community garden",
        text="""\
Observation, community garden, Wednesday 15 July 2026 (Kestrel Valley, second visit)

Present: P1 (support worker), P3 (supported by Kestrel, his third visit to the garden), P4 (garden \
coordinator), and about eight garden regulars.

10.00. P1 and P3 arrived on foot from the bus stop, walking up the lane with two other people from Kestrel. \
P3 went straight to the shed and hung his coat on what P4 later told me is "his" hook. He said hello to P4 \
by name.

10.10. P4 gave out the morning's jobs from a whiteboard with a small drawing beside each one (a watering \
can, a wheelbarrow, a seed tray). P3 chose the seed trays. He was paired with a regular, an older man, and \
they worked side by side at the potting bench with the radio on. Very little talk at first; by 10.40 they \
were discussing the cricket.

10.30. P1 stayed near the polytunnel for the first half hour, then moved to the far end of the garden to \
help with weeding. She did not check on P3 directly. When I asked afterwards, she said she was "making \
myself less useful on purpose".

11.15. Tea break, everyone at one long table. P3 sat next to the man from the potting bench rather than next \
to P1. Someone passed round a tin of biscuits and P3 took two, which drew some friendly teasing that he \
seemed to enjoy.

11.45. It started to rain and P3 became restless and asked P1 if they could go. They agreed to stay until \
the end of the tea break. P4 said "See you next week," and P3 nodded.

Reflections: the picture job board seems to matter, giving a choice without any need to read. The pairing \
put P3 alongside one steady person. The worker's deliberate distance was noticeable, and so was the moment \
P3 looked for her when he wanted to leave: she is still his safety net. Wet-weather plans might be worth \
raising with the garden.
""",
    ),
    # ------------------------------------------------------------------ Open Door Voices
    dict(
        site="opendoor",
        filename="opendoor-focus-group-2026-02-24.txt",
        kind="focus_group",
        visit="2026-02-24",
        participants=["P1", "P3", "P4"],
        title="Focus group: co-producing with partner organisations",
        text="""\
Facilitator: Could you each say a little about how you're connected to Open Door Voices?

P1: I'm the co-ordinator, which is a grand word for the person who does the emails. I've got lived \
experience, like everyone on the steering group. We started eight years ago as six people meeting in \
someone's kitchen.

P4: I'm a member, and for the last year I've facilitated the Thursday peer group. I came to it as a member \
first.

P3: I work at Stennet Green library. We co-run a group with Open Door on Tuesday afternoons, reading and \
chat, and we're working on a couple of other things together.

Facilitator: What does co-production mean in practice here?

P1: It means we don't do things for the library, and they don't do things for us. We sit down together at \
the start and ask what each side brings. They've got a warm room, books, a building people already trust. \
We've got members who know what it feels like to walk into a place and feel you don't belong. So we designed \
the Tuesday group together, down to which room, how the chairs go, whether there are name badges. Members \
said no badges, by the way.

P3: And that changed how the library works more widely, honestly. Members walked round the building with us \
and pointed out things we'd never noticed: the security barrier at the entrance feels like a police station, \
and there was nowhere to sit that wasn't a study desk. We've changed both.

Facilitator: How do members support each other?

P1: We do peer pairs. Two members, each supporting the other. One might be good at forms, the other at \
finding out what's on. Nobody is the helper and nobody is the helped, it goes both ways.

P4: That's what brought me in, really. I was paired with someone who'd been coming for years, and after a \
few months she said, you're good at keeping a room calm, you should facilitate. I didn't believe her. Now I \
do it every Thursday, and I've been on the training the leisure centre gives its own volunteers, which is \
another link we made.

Facilitator: What gets in the way?

P1: Money and rooms. We've no regular funding, so we're always chasing small grants. A room at the community \
centre is £22 an hour, which is why the library partnership is gold to us.

P3: On our side, staffing. If the library loses hours, the Tuesday group is at risk. So we've tried to make \
sure members can run it with less of us there.

P4: And being taken seriously. Some organisations want a service user on a panel for the photo, and that's \
it. We've got better at saying no to those.

Facilitator: What have you each gained?

P3: The library has new regulars who never used it before, and we understand our own building better.

P1: We've got partners who come to us first when they're planning something. That's the real test.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-field-notes-2026-02-24.txt",
        kind="field_notes",
        visit="2026-02-24",
        participants=["P1", "P3"],
        title="Field notes: a joint planning meeting",
        text="""\
Field notes, Open Door Voices, 24 February 2026

Afternoon planning meeting in the upstairs community room at Stennet Green library. Nine members, P1 \
chairing, P3 from the library, and two people from the Brindle Road tenants' association, invited to plan a \
joint "meet your neighbours" afternoon for the spring.

The chair changed halfway: P1 handed over to another member for the second half, which people said is \
normal. Ground rules on a flipchart from an earlier meeting: "Everyone speaks once before anyone speaks \
twice." "Nobody is the expert." "Tea is free, biscuits are shared."

The tenants' association brought a list of older residents who rarely go out. Members were wary of \
"targeting" people and suggested the invitation should ask for help (cakes, memories of the estate, old \
photos) rather than offer it. This was agreed, and one of the tenants' representatives said she would never \
have thought of putting it that way.

P3 offered the library's large room free of charge and a display board for the photos. Members asked about \
step-free access and a quiet space; P3 confirmed a side room would be kept free for anyone who needed a break.

Money: the group has £140 left from a small grant. They decided to spend £40 on food and keep the rest for \
bus fares for members who need them, paid in cash on the day, with no receipts needed under £10.

Reflection: co-production here looks like a set of habits rather than a policy: chairs that rotate, \
invitations framed as asks, spending decided in the open. The tenants' association left with two new \
contacts and an invitation to the Tuesday group. The library seems to be the hinge between the user-led \
group and the more formal organisations around it.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-library-interview-p3.docx",
        kind="interview",
        visit="2026-05-19",
        participants=["P3"],
        title="Interview with a librarian from a partner organisation",
        text="""\
Interviewer: Last time, in the group, you talked about the Tuesday sessions. I wanted to ask how the \
partnership started.

P3: It started with a complaint, actually. A member of Open Door wrote to us because a colleague had asked \
her to leave when she was upset in the reading room. Femi, the co-ordinator, came in to talk it through with \
my manager, and instead of a telling-off it turned into, well, how could this be different?

Interviewer: What did you agree?

P3: A few things. Members ran two short sessions for all our front-line staff about what it's like to be \
unwell in a public place, what helps and what doesn't. Best training we've had, because it came from people \
who'd lived it, not from a slideshow. Then we set up the Tuesday group together. And we agreed the two \
organisations would meet every term to look at how it's going.

Interviewer: Did you write anything down?

P3: A one-page agreement. Who books the room, who makes the tea, what happens if someone's in distress, who \
to call. It sounds boring, but it's what keeps things going when people change. I was off sick for a month \
and it carried on fine without me.

Interviewer: Has it changed how the library helps people find things?

P3: Very much. We've always had the community noticeboard, but now we keep it properly. Open Door members \
tell us which groups are actually welcoming, and we mark those. And we've started a "what's on this week" \
sheet that we hand out with a smile, rather than pointing at the board. People come in asking about a \
benefits form or a bus timetable and leave knowing there's a knit-and-natter on Friday.

Interviewer: What gets in the way?

P3: Cuts. We've lost opening hours twice in three years. And some colleagues still think mental health isn't \
our business. I'd say, you work in a public building, it's all your business.

Interviewer: What would you say to another library thinking of doing this?

P3: Find your local user-led group and ask them what they'd want, before you plan anything. Pay them for \
their time, even if it's vouchers. And keep showing up. A partnership isn't an event, it's a habit.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-member-interview-p2.md",
        kind="interview",
        visit="2026-05-19",
        participants=["P2"],
        title="Interview with a member",
        text="""\
# Interview with a member of Open Door Voices

*Recorded at Stennet Green library, 19 May 2026. Transcribed and lightly tidied.*

Interviewer: How did you first come to Open Door Voices?

P2: A leaflet at the library, believe it or not. I'd been going in to use the computers because my internet \
had been cut off. I saw “run by people who’ve been there” and thought, that's different.

Interviewer: What was different about it?

P2: Nobody called me a service user. I hate that phrase. It makes it sound like all I do is use services, \
like that's my whole identity. At Open Door I'm just me, someone who happens to have had a rough few years.

Interviewer: Was it hard to go the first time?

P2: I walked round the block three times. The stigma thing is real. I was worried someone from my street \
would see me going into a “mental health group”. In the end the Tuesday group at the library solved that, \
because you're just going to the library. Nobody knows.

Interviewer: What did you want out of it at the start?

P2: I couldn't have told you. Femi asked me what I used to enjoy and I said nothing, which wasn't true. \
After a while I remembered I used to be good at quizzes, really good. General knowledge, geography. So my \
goal was to find a quiz team. That seemed huge then.

Interviewer: And did you?

P2: There's a quiz on Sunday nights at the Lamplighter. I went with two people from the Tuesday group. We \
came second to last. But one of the team that won started saying hello to me in the street. It's little \
things. I know the name of the man at the corner shop now. I know the woman with the greyhound.

Interviewer: How do you look back on the last year?

P2: I did a thing with Femi where we wrote down the places I go in a week. Last spring it was the flat, the \
chemist and the library for the computers. Now it's a proper list. I didn't think I'd ever be the sort of \
person with a list.

Interviewer: What do you think will keep it going?

P2: It's mine now. The quiz team would notice if I stopped coming. I've got their numbers. And if things got \
bad, I know where Open Door is. I'd just turn up on a Tuesday.

Interviewer: How do you feel, compared with a year ago?

P2: Less ashamed. More... I don't know, like I live here. Like I'm part of the place rather than hiding in it.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-partnership-agreement.docx",
        kind="site_document",
        visit="2026-05-19",
        participants=[],
        title="How we work with partner organisations",
        text="""\
Open Door Voices: how we work with partner organisations

This is our agreement for working alongside other organisations. We ask every partner to go through it with \
us before we start anything together.

What we believe

People who have used mental health services are experts in their own lives. We bring that expertise as equal \
partners, not as an audience or a box to tick.

What we ask of partners

Involve us from the start, when ideas are still rough, not once the plan is finished.

Pay members for their time and expertise. Our rate is £15 an hour, or vouchers if a member prefers, and we \
cover travel.

Share decisions. If we plan something together, we decide together, including how the money is spent.

Tell us honestly what you can and can’t do. We would rather hear “no” than a promise that quietly disappears.

What partners can expect from us

A named contact from our steering group who will reply within a week.

Members who will give honest feedback, kindly.

Flexibility. Members’ health sometimes means plans change at short notice, so we always link two people to \
each piece of work.

How we review

Every term we meet each partner to ask three questions: what is working, what isn’t, and what should we try \
next. Either side can end a partnership at any time, after a conversation first.

Contact

Open Door Voices, c/o Stennet Green Library. Email: hello@opendoorvoices.example.org
""",
    ),
    # ------------------------------------------------------------------ Castleby
    dict(
        site="castleby",
        filename="castleby-peer-worker-interview-p1.txt",
        kind="interview",
        visit="2026-03-26",
        participants=["P1"],
        title="Interview with a peer support worker",
        text="""\
Interviewer: What does a peer support worker do here, in your own words?

P1: I walk alongside people. That's the short version. I've got my own history with mental health, including \
a couple of hospital admissions, and I use that, carefully. Not to say I know exactly how you feel, because \
I don't, but to say I've been somewhere a bit like it and there's a way through.

Interviewer: How much of your own story do you share?

P1: Enough to make it equal. Not so much that it becomes about me. I've learned to ask myself, who is this \
for? If telling someone I used to be scared of crowds helps them walk into the community centre, great. If \
I'm just offloading, that's for supervision, not for them.

Interviewer: Tell me about supervision.

P1: It's good here. Every fortnight with the manager, and once a month there's a reflective group, all the \
peer workers together, where we bring a situation we're stuck on. It's not about paperwork. It's about, why \
did that conversation leave me rattled? We talk about boundaries a lot too. Peer work is blurry by design. \
Someone will ask, can I have your personal number, are we mates now? And you have to be kind but clear.

Interviewer: How do you find things for people to connect with?

P1: Half of it is what I know from my own recovery. I went to the five-a-side at the leisure centre on \
Tuesday nights, I know the lads, I know it's friendly. The other half is the people we support telling us. \
Someone finds a good photography group and within a month three others are going.

Interviewer: How do you handle the end of the work?

P1: We plan it from the start. We're clear it's about six months, maybe a bit more. Near the end we do a \
review, with the map we drew at the beginning, and we talk about what happens next, who they'll lean on. And \
we have a sort of graduation. Bit cheesy, but people love it. A certificate, a cake, whoever they want there.

Interviewer: Do people stay involved afterwards?

P1: Some do. A few have trained as volunteer peer supporters, and two of our paid staff started out being \
supported here. That's the thing about peer work: the person you're supporting today can be your colleague \
next year. It matters to people to have something to give, not only to receive.

Interviewer: Any advice for new peer workers?

P1: Don't rescue. You'll want to, because you remember how bad it felt. But people need to do the doing \
themselves, with you alongside.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-individual-interview-p2.txt",
        kind="interview",
        visit="2026-03-26",
        participants=["P2"],
        title="Interview with a man supported by the project",
        text="""\
Interviewer: How did you come to the peer support project?

P2: My brother, really. He found it online and kept on at me. I didn't want to come. I'd had enough of \
people asking me how I felt on a scale of one to ten.

Interviewer: What was it like meeting Kieran?

P2: Different. The first thing he did was tell me he'd been in hospital twice. I thought, oh, right, you're \
not going to look down on me then. And he was a bit rubbish at some things, he was late once, and he said \
sorry properly, not a fobbing-off sorry. Weirdly, that made me trust him more.

Interviewer: What did you want when you started?

P2: Honestly, I wanted to stop feeling like a ghost. I wasn't going out except to the shop. I didn't have a \
goal, I just knew I wanted something to change. Kieran said that's a start, that's enough to be going on with.

Interviewer: What did you try?

P2: Photography. I'd had a camera in a cupboard for years. Kieran knew about a group that goes out on Sunday \
mornings taking pictures round the docks and the old railway line. I went, and I hated the first one, \
everyone was going on about lenses. But one woman was just using her phone, and she was nice, so I went back.

Interviewer: What made it hard?

P2: Crowds. The train in the morning. Having to talk to people. I used to get panic attacks on the platform. \
Kieran went through it with me, what to do if it happens. We practised the route a couple of times when it \
was quiet. And he said it's fine to leave early, which I did, a few times.

Interviewer: How are things now?

P2: Better. I go most Sundays. I've got photos up on the wall at home, and someone from the group put one of \
mine in their little exhibition at the library. I still have bad weeks. But there's more in my life. I text \
people now.

Interviewer: You're coming to the end of your time with Kieran. How do you feel about that?

P2: Nervous. Six months went fast. We've talked about it a lot. We looked at the map we did at the start and \
it's, yeah, it's a lot fuller. He keeps saying the group isn't going anywhere and neither am I. And I can \
come to the drop-in whenever. But I'll miss him. I'm allowed to say that.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-observation-2026-03-26.txt",
        kind="observation",
        visit="2026-03-26",
        participants=["P1", "P2"],
        title="Observation: the Thursday drop-in and a final review",
        text="""\
Observation, Thursday drop-in, Ropewalk community hall, Castleby, 26 March 2026

About twenty people over the afternoon. Tea urn, a half-finished jigsaw on a side table, two peer workers \
and one volunteer. The room is bright but echoey; some people sat with their backs to the wall.

14.20. A man arrived alone and hovered by the door. Within a minute a peer worker went over, introduced \
herself by her first name and offered him a tea. She introduced him to one person, a man doing the jigsaw, \
rather than to the room. He stayed about forty minutes and took a leaflet about the photography group.

14.30. P1 and P2 sat at a corner table with two sheets of paper: the network map they drew in the autumn and \
a blank one. P2 drew the new map himself while P1 asked questions: "Who's new? Who's moved closer? Anyone \
drifted off?" P2 added the photography group, "the woman with the phone", a neighbour, and moved his brother \
inwards. He crossed off a cousin. P1 did not comment on that beyond asking whether it was all right.

With the two maps side by side P2 went quiet, then said, "That's not bad, is it." P1 asked what had helped \
most; P2 said, "Going back after the first rubbish one." They fixed a date for a last session and talked \
about the drop-in staying open to him afterwards.

Reflections: the review was visual, led by the person and unhurried. P1 said very little and let P2 draw his \
own conclusions. The ending had been named early, so it did not come as a shock. The welcome at the door \
followed a clear habit: one worker, first name, a drink, one introduction.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-focus-group-2026-08-25.docx",
        kind="focus_group",
        visit="2026-08-25",
        participants=["P1", "P3", "P4"],
        title="Focus group: peer workers, volunteers and the manager",
        text="""\
Facilitator: Thanks for doing this. Can we start with how someone becomes a volunteer peer supporter here?

P4: There's a route, but it's flexible. Usually someone has finished their own time with us and they say, \
I'd like to do something. We have a conversation about whether it's the right time, because it's easy to \
jump in too soon. Then there's an eight-week course, a couple of shadow shifts, and then they're paired with \
someone new, with a worker keeping an eye.

P3: That was me. I finished with Kieran nearly two years ago. I was asked to come and say a few words at a \
graduation and I thought, I want to be on the other side of this. The course was good. The bit I found most \
useful was on boundaries, like what you do when someone rings you at eleven at night.

Facilitator: What does volunteering give you?

P3: Purpose. A reason for the week. And it keeps me well, to be honest. When I'm sitting with someone who's \
where I was, I remember how far I've come. I don't know how to explain it. It's like my bad years are worth \
something now.

P1: And people trust volunteers in a different way. P3 can say, I was on those same buses, in a way I can't \
quite any more, because I'm staff now.

Facilitator: What support do volunteers get?

P4: The same as staff, scaled down. A monthly group supervision, a named worker to ring, expenses paid the \
same day, and a debrief after anything difficult. We've lost volunteers in the past because we didn't look \
after them, so we take it seriously now.

Facilitator: What holds the approach together across all of you?

P1: Shared habits. We all draw the network map at the start and at the end. We all agree goals in the \
person's own words. We all go with people the first time. When someone new joins the team, those are the \
first things they learn.

P4: And the organisation has to mean it. Our trustees hear a story at every meeting, someone who's made a \
new connection, so the board knows what we're for. It's not just numbers.

Facilitator: What's the biggest barrier right now?

P4: Funding. We're on year-to-year money, and two of our grants end in March. Every winter I'm writing bids \
instead of supporting staff. And if we lose workers, we lose everything they know about Castleby: which \
groups are welcoming, which café will let someone sit for two hours over one cup of tea.

P3: The other barrier is places closing. The community centre on Ferry Street shut last year and three \
groups went with it. People had built their whole week round it.

P1: Which is why we try not to put all someone's eggs in one basket. Two or three places, not one.
""",
    ),
    # ------------------------------------------------------------------ Eldmere
    dict(
        site="eldmere",
        filename="eldmere-worker-interview-p1.txt",
        kind="interview",
        visit="2026-05-05",
        participants=["P1"],
        title="Interview with a tenancy connector",
        text="""\
Interviewer: Tenancy connector is an unusual job title. What does it mean?

P1: It's a housing association trying something different. We house a lot of people who've been moved here \
from somewhere else: out of temporary accommodation, after a hospital stay, after a relationship breaking \
down. They get the keys and then they're on their own, on an estate where they don't know a soul. Some end \
up in rent arrears or falling out with neighbours, and when you dig into it, loneliness is often underneath. \
So my job is to help people get connected, especially in the first year.

Interviewer: How do you meet people?

P1: Welcome visits, with a cake, honestly. And door-knocking when the housing officers flag someone who's \
struggling. I don't go in with a form. I ask what they used to do where they lived before, who they've left \
behind, what they miss. Then we might draw a little map of who they know here, which is often nobody but the \
neighbour who complained about the bins.

Interviewer: How do you set goals?

P1: Small, and their own. One man wanted someone to make things with. He'd been a joiner. So the goal was \
just: come and look at the workshop in the old fire station one Tuesday. Not join, not commit. Just look.

Interviewer: How do you know what's available?

P1: I spent my first three months visiting everything within two miles. Churches, the workshop, the \
community fridge, the bowls club, a Saturday café run by the mosque, the toddler group. I keep it all on a \
spreadsheet with a named contact for each. And because we're a landlord, we've got community rooms on three \
estates that we can offer groups for free, which opens a lot of doors.

Interviewer: What gets in the way?

P1: Cost. The bus into town is £2.50 each way. For someone on Universal Credit that's a real decision. So \
we've got a small budget for fares for the first month. And fear of being judged, especially for people \
who've been rehoused after something like domestic abuse.

Interviewer: How does this fit with the rest of what the association does?

P1: We've started putting a "connections" section into each tenant's support plan, alongside rent, repairs \
and benefits. So when the tenancy officer does the six-month check-in, they ask about it too. Before that, \
the tenancy side and my side ran in parallel and nobody joined the dots.

Interviewer: What difference does it make?

P1: People have someone to ask. That's the big one. When the man from the workshop got a letter he didn't \
understand, he asked one of the other blokes there instead of sitting on it for three months. That's what \
social capital looks like on an estate.
""",
    ),
    dict(
        site="eldmere",
        filename="eldmere-funder-interview-p2.md",
        kind="interview",
        visit="2026-10-09",
        participants=["P2"],
        title="Interview with a grants officer",
        text="""\
# Interview with a funder

*9 October 2026. Typed up from the recording.*

Interviewer: Why did the foundation fund a housing association to do this kind of work?

P2: We nearly didn't. Housing associations aren't our usual applicants. They're big and they have money. But \
the application was about people, not buildings. And the partners were already lined up: the workshop, the \
community fridge, two churches, the bowls club. That told me it wasn't a project that would disappear into \
an office.

Interviewer: What do you need to see from them?

P2: Not a mountain of forms. I ask for a short report every six months: how many people they've worked with, \
how many are going somewhere regularly, and three stories, written with the tenant's permission. And I \
visit. I learn more in an hour at the workshop than from any report.

Interviewer: What counts as success for you?

P2: People being part of the place they live. Using the library, knowing their neighbours, being at the \
bowls club on a Thursday. Social inclusion sounds abstract, but you can see it. And second, that the \
partnerships last. If the funding ended tomorrow, would the workshop still welcome tenants? I think it would \
now.

Interviewer: Is there a financial case?

P2: The association tells us arrears have dropped among the tenants involved, and there are fewer disputes \
between neighbours. I take that with a pinch of salt, because the numbers are small. But it's a plausible \
story, and it matters to them as a landlord, which is why I think they'll keep it going.

Interviewer: What worries you?

P2: That the work depends on one or two brilliant people. Priya knows everyone. If she left, how much would \
go with her? I've asked them to write down the contacts and the ways of working, not just keep them in her \
head.

Interviewer: And as a funder, what would you do differently?

P2: Fund for longer. Three years at least. We've just agreed to move to that. Two-year grants meant the \
first six months went on setting up and the last six on writing the next bid.

Interviewer: Any advice for projects applying for this kind of money?

P2: Show me who you already work with. And let the people you support speak in the application, rather than \
just being talked about.
""",
    ),
    dict(
        site="eldmere",
        filename="eldmere-workshop-interview-p3.docx",
        kind="interview",
        visit="2026-10-09",
        participants=["P3"],
        title="Interview with a community workshop organiser",
        text="""\
Interviewer: Tell me about the workshop.

P3: We're in the old fire station on Marsh Road. Benches, tools, a kettle that's seen better days. Open \
Tuesdays and Fridays. Mostly men, mostly retired, but not all. People bring in furniture to mend, or make \
bird boxes, or just come for a natter and watch.

Interviewer: How do people from the housing association come to you?

P3: Priya rings first. Always. She tells me a bit about them, what they used to do, whether they're nervous. \
Then she brings them on a Tuesday, because Tuesdays are quieter. I'll put them with one of our steady lads, \
somebody patient. And Priya goes and has a cup of tea in the corner and lets us get on with it.

Interviewer: What makes someone stay?

P3: Having a job to do. Not sitting there feeling like a visitor. The chap who'd been a joiner, within a \
month he was showing the younger ones how to cut a dovetail. Now he's got his own key. He opens up on a \
Friday if I'm running late.

Interviewer: What gets in the way?

P3: Getting here. We're on the edge of town and the last bus goes at six. In winter people won't walk across \
the fen road in the dark, so some of the lads do lifts now. And the cost of materials, though we've a good \
scrap pile. And some folk are wary, they think it's a club for a certain type. We had to work at that.

Interviewer: What has the workshop got from the partnership?

P3: New members, obviously. Younger ones, too. And the association lets us use their community room for a \
winter session, free, which we'd never afford otherwise. We've had a bit of money from them for a new saw. \
It works both ways.

Interviewer: Any advice for groups like yours?

P3: Say yes, but have a named person for newcomers. And tell the worker if something's not working. Better a \
quick phone call than someone quietly stopping coming.
""",
    ),
    # ------------------------------------------------------------------ Follow-up interviews (all sites)
    # Short second interviews on the stages the first round said least about: what the organisation
    # values, wanting to connect, confidence growing, looking back, and what the work gives workers and
    # their organisations.
    dict(
        site="harbourside",
        filename="harbourside-followup-worker-p1.txt",
        kind="interview",
        visit="2026-09-10",
        participants=["P1"],
        title="Follow-up interview with a support worker",
        text="""\
Interviewer: Does the organisation behind you make a difference to the connecting work?

P1: A huge one. What made the difference was our manager. When I started she said time out in the community \
is real work here, not a treat for when the paperwork's done. In team meetings she asks who's been somewhere \
new this week, and the good stories go in the newsletter to the board. So I don't feel guilty being out of \
the office for a whole morning.

Interviewer: Has the work changed what you know about the area?

P1: Completely. Every person shows me somewhere I'd never have found: the sea swimmers who meet at the \
slipway at seven, the repair café at the scout hut, the woman who teaches card games at the bowls pavilion. \
I learned more about this town in two years of this than in twenty years of living here. Make sure you write \
it all down, though. We keep a shared folder, dated, so when someone leaves the contacts don't leave with \
them.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-followup-individual-p3.txt",
        kind="interview",
        visit="2026-09-10",
        participants=["P3"],
        title="Follow-up interview with a woman supported by the project",
        text="""\
Interviewer: Thinking back to when you started, what made you want to do this?

P3: Nobody sent me, really. I'd moved here and didn't know a soul, and I was sick of it. When my worker \
asked what I'd like to be different, I said, I want someone to say hello to in the street. That was mine, \
not the doctor's idea, and I think that's why I stuck at it.

Interviewer: And how has it gone since we last spoke?

P3: It's going back that does it. The first few weeks at pottery I said hello and went home. By the second \
block the woman at my table was keeping me a seat, and she asked where I'd been the week I missed. Now I'd \
call a few of them friends. My confidence has come on so much that I drive myself there and I don't need \
anyone alongside me.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-followup-funder-p5.txt",
        kind="interview",
        visit="2026-09-10",
        participants=["P5"],
        title="Follow-up interview with a council commissioner",
        text="""\
Interviewer: When you look at the project now, what do you see beyond the people it supports?

P5: I watch how far the project's web reaches. The leisure centre and two churches now send people to them, \
not only the other way round, and the parish council asked them to help plan the new community hall. And the \
people they work with make fewer crisis calls to the out-of-hours line. I'm careful about that: we don't \
fund this to save money, we fund it because people's lives get fuller. But when the figures show fewer \
nights in hospital, it makes my case at budget time a lot easier.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-followup-individual-p4.txt",
        kind="interview",
        visit="2026-06-17",
        participants=["P4"],
        title="Follow-up interview with a man supported by the team",
        text="""\
Interviewer: Whose idea was it, in the beginning, to look for something outside?

P4: It had to come from me. For years people told me I should get out more and I'd just dig my heels in. \
Then one winter I was that lonely I was talking to the telly. I said to my worker, I wanted to get out of \
the flat once a week, somewhere nobody knew me as a patient. She said, right, that's where we start, with \
what you want.

Interviewer: How are things at the workshop now?

P4: Every Saturday it gets a bit easier. At first I'd stand by the door with a spanner and hope nobody spoke \
to me. Now the lads save me a stool and take the mick if I'm late. One of them asked me along to his quiz \
night and I went. I wouldn't have had the confidence for that a year ago.

Interviewer: Have you and your worker looked back at how far you've come?

P4: Looking back, a year ago my phone only rang for appointments. We sat down and went through it: what's \
different, what helped, what I'd do differently. I said having someone alongside at the start helped most, \
and I'd have started sooner. I'm quite proud, if I'm honest. Next I fancy doing up a bike for my nephew.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-followup-worker-p1.txt",
        kind="interview",
        visit="2026-06-17",
        participants=["P1"],
        title="Follow-up interview with a social worker",
        text="""\
Interviewer: Has the connecting work changed anything for the team as a whole?

P1: It's started to show. The bike workshop and the walkers ring us now if someone hasn't turned up, and \
they've sent two people our way, which never used to happen. And the duty line is quieter for the people \
who've got somewhere to be: fewer crisis calls, fewer home treatment visits. I'd never say we do it to save \
money, but it's there if you look.

Interviewer: And for you?

P1: I learned more about this town in one year of connecting work than in five years of home visits. The \
knitting lot who meet at the launderette, the man who runs a repair bench at the scout hut. Now I've got \
contacts of my own all over, and I put them on the shared list so the newer staff can use them. They ask me \
before they ask the internet.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-followup-individual-p2.txt",
        kind="interview",
        visit="2026-07-15",
        participants=["P2"],
        title="Follow-up interview with a woman supported by the service",
        text="""\
Interviewer: What made you want to meet new people?

P2: I wanted to meet people my age. Not staff. My mum helps me but she works a lot. I felt lonely in my flat \
at night. I told my worker I want a friend to go to the pictures with. She wrote it down in my words.

Interviewer: What is your worker like?

P2: She comes when she says she will. She remembers my cat's name and my birthday. She told me she likes \
baking too, so we talk about cakes. I trust her.

Interviewer: How is the garden going?

P2: I know everyone now. At first I only talked to my worker. Now I talk to the man at the potting bench, \
and his wife, and the lady with the ducks. They say hello when I come in. I go without my worker now. I feel \
more confident. I have new friends.

Interviewer: Did you look at how things have changed?

P2: We looked at my photos from the start. I was in my flat a lot. Now there are photos of the garden and \
the bowls. I felt proud. My worker asked what helped. I said the picture cards, and going on the same day. \
Next I want to learn to swim.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-followup-worker-p1.txt",
        kind="interview",
        visit="2026-07-15",
        participants=["P1"],
        title="Follow-up interview with a support worker",
        text="""\
Interviewer: What have you learned from the connecting work yourself?

P1: Every person I support teaches me something. I learned that the cinema has relaxed screenings once a \
month, that the bowls green welcomes anyone who turns up in flat shoes, that the bakery will let someone do \
a morning's work experience. Each one started with one person, and now it's there for everyone on my list. I \
put it all in our shared folder so the rest of the staff can use it too.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-followup-manager-p4.txt",
        kind="interview",
        visit="2026-08-25",
        participants=["P4"],
        title="Follow-up interview with the project manager",
        text="""\
Interviewer: How does the project show its workers that connecting work matters?

P4: It's in the ethos from the top down. The board and I decided early on that a morning at the leisure \
centre with someone counts the same as a morning writing notes. We put it in the job description. If a \
worker spends half a day helping someone find their feet in the community, that's the job, and I say so when \
we meet one to one.

Interviewer: What has the project gained from its links in the town?

P4: The job centre, the surgery and the food bank all know us now, and they ring us before they ring the \
crisis team. The people we work with have fewer crisis admissions than before they came to us; one man went \
from a dozen trips to casualty a year to two. I'd never sell peer work as a way to save money, but it's \
there if you look.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-followup-volunteer-p3.txt",
        kind="interview",
        visit="2026-08-25",
        participants=["P3"],
        title="Follow-up interview with a volunteer peer supporter",
        text="""\
Interviewer: What matters most when you start with someone new?

P3: Being reliable is most of it. I turn up when I said, and if I can't I text the day before, not five \
minutes after. I write down what they tell me, the dog's name, the court date they're dreading, so I can ask \
about it next time. And I'll share something of my own, like that I was hopeless at meeting new people too. \
That's where trust comes from.
""",
    ),
    dict(
        site="eldmere",
        filename="eldmere-followup-worker-p1.txt",
        kind="interview",
        visit="2026-10-09",
        participants=["P1"],
        title="Follow-up interview with a tenancy connector",
        text="""\
Interviewer: Has the housing association's view of your work changed?

P1: It has. It used to be rent and repairs and that was it. Now the service believes a tenant who knows \
their neighbours keeps their home, so my time knocking on doors and sitting in the community room is counted \
as proper work, not a favour I do on the side.

Interviewer: How do you build a relationship with a new tenant?

P1: I keep my word about times, even small things. If I say I'll ring at ten, I ring at ten. And I remember \
what matters to people. One tenant had a hospital appointment she was dreading, so the next week the first \
thing I asked was how it went. She said nobody had ever remembered before. I'll tell people a bit about \
myself too, that I grew up on an estate like this one, and we find what we've got in common.

Interviewer: And what have you picked up along the way?

P1: Honestly, I learned as much from the people I work with as they did from me. I know which corner shop \
will hold a parcel, which warden runs a quiz, which church hall has a warm space in winter. We swap contacts \
at the monthly team lunch, so my colleagues have them too, and every tenant I meet after that gets the \
benefit.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-followup-member-p2.txt",
        kind="interview",
        visit="2026-05-19",
        participants=["P2"],
        title="Follow-up interview with a member",
        text="""\
Interviewer: Have you looked back at how things have gone?

P2: Looking back with the co-ordinator last month was strange. We put the drawing from my first week next to \
one we did that day, and I'd gone from nearly nothing to a whole page. She asked what had helped and what \
hadn't, and I said the drop-in hadn't, not really, and she just wrote that down. Nobody argued. I'm proud of \
that page.
""",
    ),
    # ------------------------------------------------------------------ Second follow-ups (six sites)
    # Short third conversations on the stages where no one site yet had three passages: an
    # organisation that backs the work, a worker's own knowledge, getting to know the worker, choosing
    # goals, endings, looking back, and what the work gives people and agencies. Well-being is left
    # thin on purpose, so the gold standard has one component it honestly cannot hold up.
    dict(
        site="harbourside",
        filename="harbourside-second-followup-worker-p1.txt",
        kind="interview",
        visit="2026-11-05",
        participants=["P1"],
        title="Second follow-up interview with a support worker",
        text="""\
Interviewer: Last time you said the organisation backs the connecting work. What does that look like day to \
day?

P1: Our manager protects the diary. Before the rota goes out she blocks two mornings a week for being out \
with people, and nobody is allowed to fill them with meetings. When I'm asked to cover reception, she asks \
what it would mean for the person I'd be letting down.

Interviewer: Is that written down anywhere, or is it just her?

P1: It's the ethos of the whole place now, written into how we induct new staff. On their first day they \
come out with me rather than sit reading policies, and the board hears one story from the community at every \
meeting.

Interviewer: What has the work taught you?

P1: I learned that most of what helps people isn't in any directory. The harbour master lets people help \
paint the benches in spring; the chip shop owner keeps a noticeboard; the bell ringers are short of hands. \
None of that is written down anywhere official.

Interviewer: And do you keep those contacts to yourself?

P1: They started as contacts of my own, but I share them now. Anyone new gets an afternoon going through the \
folder with me, and when they find somewhere I didn't know about, they add it. I learned from them as much \
as they did from me.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-second-followup-individual-p3.txt",
        kind="interview",
        visit="2026-11-05",
        participants=["P3"],
        title="Second follow-up interview with a woman supported by the project",
        text="""\
Interviewer: Looking right back, why did you say yes to working with the project?

P3: Because I was lonely in a way I'd never been. After the divorce I'd sit in the car outside the \
supermarket just to be near people. I wanted to get out and be somebody's neighbour again, not a name on a \
waiting list.
""",
    ),
    dict(
        site="harbourside",
        filename="harbourside-second-followup-funder-p5.txt",
        kind="interview",
        visit="2026-11-05",
        participants=["P5"],
        title="Second follow-up interview with a council commissioner",
        text="""\
Interviewer: Has anything changed in how the council sees the project since we last spoke?

P5: We've now got a year of figures. The people the project works with made fewer crisis calls and fewer \
visits to A&E than the year before they started. I put that in front of the cabinet member next to two \
people's own accounts, and the contract was renewed for three years.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-second-followup-worker-p1.txt",
        kind="interview",
        visit="2026-11-12",
        participants=["P1"],
        title="Second follow-up interview with a support worker",
        text="""\
Interviewer: How do you find out what is on in the valley?

P1: Local knowledge, mostly, and asking. I grew up two villages over, so I know the people who run things at \
the chapel and the rugby. When someone new comes to us I ring round before I suggest anything, so I can say \
who will be at the door to meet them.
""",
    ),
    dict(
        site="kestrel",
        filename="kestrel-second-followup-individual-p2.txt",
        kind="interview",
        visit="2026-11-12",
        participants=["P2"],
        title="Second follow-up interview with a woman supported by the service",
        text="""\
Interviewer: What was it like when you first had a new worker?

P2: I was shy. She came to my flat and she didn't rush. She sat on the floor with my cat. She is easy to \
talk to. She showed me a photo of her garden.

Interviewer: What helps you talk to her?

P2: She listened when I said I don't like the phone. So she sends me a picture message instead. I got to \
know her slowly. Now I tell her when I am sad.

Interviewer: What did you feel when you saw your photos from the start?

P2: I felt proud. I made a poster of my progress for my wall. It has the garden and the bowls and the \
swimming on it.
""",
    ),
    dict(
        site="castleby",
        filename="castleby-second-followup-worker-p1.txt",
        kind="interview",
        visit="2026-11-19",
        participants=["P1"],
        title="Second follow-up interview with a peer support worker",
        text="""\
Interviewer: How do you bring your work with someone to a close?

P1: We talk about moving on from the very first meeting, so it's never a shock. I say, I'm here for a \
season, not for ever, and the aim is that you won't need me. Then every few weeks we look at what would have \
to be in place for that.

Interviewer: And when the time comes?

P1: The ending is planned together. We pick a date, we tail off the visits, and the last one is somewhere \
they chose, usually a group they now go to without me. I tell them the door stays open, and I send a card a \
month later.

Interviewer: Does anyone struggle with that?

P1: One man found it hard to move on because I was the only person who knew his whole story. So we made sure \
two people at the walking group knew enough to notice if he went quiet, and we agreed he could ring the \
project whenever he liked.
""",
    ),
    dict(
        site="northbridge",
        filename="northbridge-second-followup-individual-p4.txt",
        kind="interview",
        visit="2026-11-24",
        participants=["P4"],
        title="Second follow-up interview with a man supported by the team",
        text="""\
Interviewer: Who decided what you would work on?

P4: I chose. My worker gave me a sheet with a few things on it, but I crossed them out and wrote my own. I \
wanted somewhere with tools and no talking about feelings, and that's how I ended up at the bike workshop.

Interviewer: Did you ever change your mind?

P4: Halfway through I said I wanted to learn to cook for one instead of living on toast. My worker said \
fine, that's yours now, and she found the cookery session at the family centre.

Interviewer: How do you feel about going to new places now?

P4: More confident than I've been in years. I walked into the quiz night on my own last week. Some of the \
lads from the workshop are proper friends now, not just people I nod to.
""",
    ),
    dict(
        site="eldmere",
        filename="eldmere-second-followup-worker-p1.txt",
        kind="interview",
        visit="2026-11-26",
        participants=["P1"],
        title="Second follow-up interview with a tenancy connector",
        text="""\
Interviewer: What do tenants have now that they didn't have before?

P1: Someone to ask. That's the phrase I hear most. One woman told me that when her boiler broke she knew who \
to call on the landing, and a neighbour gave her a lift to her sister's while it was fixed. A year ago she'd \
have sat in the cold.
""",
    ),
    dict(
        site="opendoor",
        filename="opendoor-second-followup-member-p2.txt",
        kind="interview",
        visit="2026-11-17",
        participants=["P2"],
        title="Second follow-up interview with a member",
        text="""\
Interviewer: What does belonging to the group mean to you now?

P2: I feel part of something. I'm on the rota for making the tea and I was asked to speak at the council's \
consultation. People say my name when I walk in. For years I only ever felt included when I was a patient.
""",
    ),
    # ------------------------------------------------------------------ Inbox (not yet assigned to a site)
    dict(
        site=None,
        filename="recording-2026-10-09-followup.vtt",
        kind="interview",
        visit=None,
        participants=[],
        title="Follow-up interview (site not yet recorded)",
        text="""\
WEBVTT

00:00:01.200 --> 00:00:06.585
<v Interviewer>Thanks for doing a second interview. What's changed since we last spoke in May?

00:00:06.985 --> 00:00:18.523
<v P1>Quite a lot. We've had our first group of tenants reach the end of their year with me, so I've had to \
work out what moving on actually looks like.

00:00:18.923 --> 00:00:21.231
<v Interviewer>And what does it look like?

00:00:21.631 --> 00:00:32.015
<v P1>Gradual. I see people less often for the last couple of months. Fortnightly, then monthly. I make sure \
they've got at least two places that aren't me.

00:00:32.415 --> 00:00:46.262
<v P1>And we do a last review where we look back at the map from the very first visit. One woman had two \
names on her first map. On her last one she ran out of room.

00:00:46.662 --> 00:00:48.969
<v Interviewer>Do people find the ending hard?

00:00:49.369 --> 00:01:00.138
<v P1>Some do. One man went quiet for a while after we finished. I'd told him he could always get back in \
touch, and after six weeks he did.

00:01:00.538 --> 00:01:12.077
<v P1>Not because it had fallen apart, just to tell me he'd been made welcome at the bowls club. I think he \
needed to tell someone who knew where he'd started.

00:01:12.477 --> 00:01:15.169
<v Interviewer>How are you finding the work yourself?

00:01:15.569 --> 00:01:30.569
<v P1>Tiring, some weeks. It's a lot of goodbyes. I asked for proper supervision, with somebody who \
understands this kind of work, not just the housing side. My manager found someone from a mental health \
charity to do it monthly.

00:01:30.969 --> 00:01:32.892
<v P1>That's made a big difference.

00:01:33.292 --> 00:01:35.092
<v Interviewer>What have you learned?

00:01:35.492 --> 00:01:44.338
<v P1>That I know this town now in a way I didn't before. I could tell you who runs every group within three \
miles.

00:01:44.738 --> 00:01:55.123
<v P1>And that the tenancy officers are starting to do some of it themselves, they'll mention the workshop \
on a repairs visit. That's when I know it's spreading.

00:01:55.523 --> 00:01:57.323
<v Interviewer>Anything you'd change?

00:01:57.723 --> 00:02:10.031
<v P1>Start earlier. Before people get the keys, ideally. The first weeks in a new flat are when the \
loneliness sets in, and by the time they're referred to me it's already set.
""",
    ),
    dict(
        site=None,
        filename="referral-procedure-v3.txt",
        kind="site_document",
        visit=None,
        participants=[],
        title="Referral procedure for connecting support",
        text="""\
Referral procedure: connecting support
Version 3, reviewed March 2026

1. Who can refer

Anyone can refer, including the person themselves, as long as the person agrees. Referrals from care \
coordinators, GPs, housing officers and community groups are all welcome.

2. What we need

Name and contact details; how the person prefers to be contacted; anything that would make a first meeting \
easier (for example a preferred place or time, an interpreter, someone to come with them); any current risks \
we should know about.

We do not need a full history. We would rather hear it from the person, in their own time.

3. What happens next

Within five working days a worker will contact the person to arrange a first meeting somewhere they choose. \
If we cannot reach them after three tries over two weeks, we will write to them and let the referrer know.

4. Working alongside existing support

If the person has a care coordinator or a support plan, we will ask their permission to share the goals we \
agree, so that the goals can be written into that plan and talked about at the person's usual reviews. We \
will not ask the person to repeat information they have already given to another service.

5. When support ends

Support usually lasts up to six months. The ending is planned together. People can come back within a year \
without a new referral.

6. Concerns

If you are worried about someone's safety, do not use this procedure. Contact the duty service or the \
emergency services.
""",
    ),
]

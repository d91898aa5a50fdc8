from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from connecting_people.accounts.models import Organisation
from connecting_people.community.models import OpportunityType
from connecting_people.interventions.models import Component


def person_subject(person_id: int) -> str:
    """How audit entries and keys name a person's data (audit/keys.py); erasure destroys this key."""
    return f"practice.person:{person_id}"


class Person(models.Model):
    """Someone an organisation supports. Confidential: load only through practice.getters."""

    reference = models.CharField(
        max_length=40,
        unique=True,
        help_text="A pseudonymous reference used in lists and exports, e.g. NOR-0012.",
    )
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="caseload")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_record",
        help_text="The person's own sign-in, if they have one: it sees this record only.",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    client_group = models.CharField(max_length=200, blank=True)
    consent_to_work_on = models.DateField(
        null=True, blank=True, help_text="When the person agreed to work together."
    )
    consent_to_data_use = models.BooleanField(
        default=False, help_text="Agreed that their information is kept here."
    )
    consent_to_story_use = models.BooleanField(
        default=False, help_text="Agreed that their anonymised story may feed back into the evidence base."
    )
    # Where the person has reached on each wheel: the component most recently worked on in a held session.
    # Kept up to date by do_save_session, so a caseload of any size shows it without reading sessions.
    worker_wheel_at = models.ForeignKey(
        "interventions.Component",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    individual_wheel_at = models.ForeignKey(
        "interventions.Component",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referred_by = models.ForeignKey(
        "partnerships.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text="The partner agency that referred the person, if one did.",
    )
    review_every_weeks = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="How often the work is reviewed together, in weeks.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The caseload's columns, kept by the actions that change what they summarise (actions.refresh_summary),
    # so a caseload of any size reads and sorts them from the row instead of reading sessions and goals.
    last_contact = models.DateField(null=True, blank=True, editable=False, help_text="The last held session.")
    next_session = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The earliest session still planned (until it is recorded as held or cancelled).",
    )
    open_goals = models.PositiveIntegerField(default=0, editable=False, help_text="Goals being worked on.")
    review_due = models.DateField(null=True, blank=True, editable=False, help_text="When a review is due.")
    measures_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the earliest scheduled outcome measure not yet done is due (measures/schedule.py).",
    )
    link_follow_up = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The earliest follow-up date of a community link that has not stopped.",
    )
    # A new value whenever anything the person's page shows changes, so a rendered piece of the page is
    # cached under it (practice/page.py). Random rather than counted: a restored backup or a reused id can
    # never bring back a piece rendered for other contents.
    record_version = models.UUIDField(default=uuid.uuid4, editable=False)

    AUDITED_FIELDS = (
        "reference",
        "full_name",
        "preferred_name",
        "phone",
        "email",
        "organisation",
        "workers",
        "account",
        "date_of_birth",
        "client_group",
        "consent_to_work_on",
        "consent_to_data_use",
        "consent_to_story_use",
        "referred_by",
        "review_every_weeks",
    )

    class Meta:
        ordering = ["reference"]
        # The caseload sorts an organisation's people by these (a worker's own people are few).
        indexes = [
            models.Index(
                fields=["organisation", "last_contact", "reference"], name="person_org_last_contact"
            ),
            models.Index(
                fields=["organisation", "next_session", "reference"], name="person_org_next_session"
            ),
            models.Index(fields=["organisation", "review_due", "reference"], name="person_org_review_due"),
            models.Index(
                fields=["organisation", "measures_due", "reference"], name="person_org_measures_due"
            ),
            models.Index(
                fields=["organisation", "link_follow_up", "reference"], name="person_org_link_follow_up"
            ),
        ]

    def __str__(self) -> str:
        # The reference, never the name, so audit entries and logs carry no name by default.
        return self.reference

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def audit_subject(self) -> str:
        return person_subject(self.pk)


class PersonRecord:
    """Part of one person's record (a model with a `person` foreign key): its audit entries name the
    person as their subject, so erasure's destroyed key covers them."""

    person: Person
    person_id: int

    @property
    def audit_organisation_id(self) -> int:
        return self.person.organisation_id

    @property
    def audit_subject(self) -> str:
        return person_subject(self.person_id)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Session(PersonRecord, models.Model):
    """A meeting of the worker and the person, planned or held."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default=SessionStatus.HELD)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True, help_text="How long it lasted.")
    place = models.CharField(max_length=200, blank=True)
    who_took_part = models.CharField(max_length=300, blank=True)
    components: models.ManyToManyField[Component, SessionComponent] = models.ManyToManyField(
        "interventions.Component", through="SessionComponent", related_name="+", blank=True
    )
    links: models.ManyToManyField[CommunityLink, models.Model] = models.ManyToManyField(
        "CommunityLink", blank=True, related_name="sessions", help_text="Community links worked on."
    )
    shared_notes = models.TextField(blank=True, help_text="Notes the person can read.")
    private_reflections = models.TextField(
        blank=True, help_text="The worker's own reflections. Never shown to the person."
    )
    remember_next = models.TextField(
        blank=True, help_text="Remember for next time: names, key facts, a promise made. One per line."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "person",
        "date",
        "status",
        "minutes",
        "place",
        "who_took_part",
        "links",
        "shared_notes",
        "private_reflections",
        "remember_next",
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["person", "status", "date"])]

    def __str__(self) -> str:
        return f"Session {self.date:%d/%m/%Y} ({self.person_id})"

    @property
    def remember_items(self) -> list[str]:
        return [line.strip() for line in self.remember_next.splitlines() if line.strip()]


class SessionComponent(models.Model):
    """Which model components a session worked on (its own table, so evidence moves between versions)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="component_links")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "component"], name="unique_session_component")
        ]


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    PAUSED = "paused", "Paused"
    STOPPED = "stopped", "Stopped"


class Goal(PersonRecord, models.Model):
    """A goal agreed together, kept in the person's own words."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    own_words = models.TextField(help_text="The goal as the person put it, in their words.")
    title = models.CharField(max_length=200, help_text="A short name for lists.")
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    review_on = models.DateField(null=True, blank=True)
    status_changed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the status last changed (kept for reviews and the timeline).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("person", "own_words", "title", "status", "review_on", "status_changed_on")

    class Meta:
        ordering = ["status", "review_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_repr(self) -> str:
        return f"goal {self.pk}"


class ActionOwner(models.TextChoices):
    PERSON = "person", "The person"
    WORKER = "worker", "The worker"
    BOTH = "both", "Both"


class GoalAction(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=16, choices=ActionOwner.choices, default=ActionOwner.BOTH)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    AUDITED_FIELDS = ("goal", "description", "owner", "due_on", "done_at")

    class Meta:
        # Ticking a step leaves it where it is: the order never depends on whether it is done.
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def audit_organisation_id(self) -> int:
        return self.goal.person.organisation_id

    @property
    def audit_subject(self) -> str:
        return person_subject(self.goal.person_id)

    @property
    def audit_repr(self) -> str:
        return f"step {self.pk} of goal {self.goal_id}"

    @property
    def person_may_tick(self) -> bool:
        return self.owner in (ActionOwner.PERSON, ActionOwner.BOTH)


class NetworkMap(PersonRecord, models.Model):
    """A dated snapshot of the person's network, drawn with them. A new map starts from the last one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="maps")
    drawn_on = models.DateField()
    circles = models.PositiveSmallIntegerField(
        default=3, help_text="How many circles of closeness (3 or 4 usually)."
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("person", "drawn_on", "circles", "based_on", "note")

    class Meta:
        ordering = ["-drawn_on", "-id"]

    def __str__(self) -> str:
        return f"Map of {self.drawn_on:%d/%m/%Y}"


class MemberKind(models.TextChoices):
    PERSON = "person", "Person"
    GROUP = "group", "Group"
    PLACE = "place", "Place"


class Relationship(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    NEIGHBOUR = "neighbour", "Neighbour"
    GROUP_MEMBER = "group_member", "Group member"
    PAID = "paid", "Paid professional or service"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    DAILY = "daily", "Most days"
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"
    LESS = "less", "Less often"


class TieQuality(models.TextChoices):
    STRONG = "strong", "Strong"
    WEAK = "weak", "Weak"
    STRESSFUL = "stressful", "Stressful"


SUPPORT_KINDS = [
    ("emotional", "Emotional"),
    ("practical", "Practical"),
    ("information", "Information"),
    ("companionship", "Companionship"),
]


class MapMember(models.Model):
    """Someone or something on the map. `key` follows the same member from one map to the next."""

    map = models.ForeignKey(NetworkMap, on_delete=models.CASCADE, related_name="members")
    key = models.UUIDField()
    label = models.CharField(max_length=120, help_text="As the person calls them.")
    kind = models.CharField(max_length=16, choices=MemberKind.choices, default=MemberKind.PERSON)
    relationship = models.CharField(max_length=16, choices=Relationship.choices, default=Relationship.FRIEND)
    circle = models.PositiveSmallIntegerField(default=2, help_text="1 is the closest circle.")
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY)
    support_received = models.JSONField(default=list, blank=True)
    support_given = models.JSONField(default=list, blank=True)
    quality = models.CharField(max_length=16, choices=TieQuality.choices, default=TieQuality.STRONG)
    is_service = models.BooleanField(
        default=False, editable=False, help_text="Follows the relationship: a paid professional or service."
    )

    AUDITED_FIELDS = (
        "map",
        "label",
        "kind",
        "relationship",
        "circle",
        "frequency",
        "support_received",
        "support_given",
        "quality",
        "is_service",
    )

    class Meta:
        ordering = ["circle", "label"]
        constraints = [models.UniqueConstraint(fields=["map", "key"], name="unique_member_key_per_map")]

    def __str__(self) -> str:
        return self.label

    @property
    def audit_organisation_id(self) -> int:
        return self.map.person.organisation_id

    @property
    def audit_subject(self) -> str:
        return person_subject(self.map.person_id)

    @property
    def audit_repr(self) -> str:
        return f"member {self.key} of map {self.map_id}"


class MapTie(models.Model):
    """Two members of the map who know each other."""

    map = models.ForeignKey(NetworkMap, on_delete=models.CASCADE, related_name="ties")
    a = models.ForeignKey(MapMember, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(MapMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["map", "a", "b"], name="unique_map_tie")]


class Review(PersonRecord, models.Model):
    """A review of the work together, every few weeks: what changed since the last one, frozen as it was
    written, and what was agreed next. The person can read it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    covers_from = models.DateField(
        help_text="The start of the period reviewed (the last review, or the start of the work)."
    )
    summary = models.JSONField(
        default=list, help_text="What changed, as sentences, frozen when the review was written."
    )
    agreed = models.TextField(
        blank=True, help_text="What was agreed together for the next weeks. The person can read this."
    )
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("person", "held_on", "covers_from", "summary", "agreed", "next_review_on")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.held_on:%d/%m/%Y} ({self.person_id})"


class LinkState(models.TextChoices):
    """Where a link between a person and a community opportunity has got to, in the order it usually goes."""

    SUGGESTED = "suggested", "Suggested"
    INTRODUCED = "introduced", "Introduced"
    ACCOMPANIED = "accompanied", "Accompanied"
    ATTENDED = "attended", "Attended"
    CONTINUING = "continuing", "Continuing"
    STOPPED = "stopped", "Stopped"


LINK_ORDER = [s.value for s in LinkState if s != LinkState.STOPPED]


class StopReason(models.TextChoices):
    COST = "cost", "Cost"
    TRANSPORT = "transport", "Transport"
    ANXIETY = "anxiety", "Anxiety"
    NOT_WELCOMING = "not_welcoming", "It did not feel welcoming"
    MOVED_ON = "moved_on", "Moved on"
    OTHER = "other", "Another reason"


class LinkKind(models.TextChoices):
    """What a link leads to; kept on the link, so the count by kind survives the entry or contact going."""

    SERVICE = "service", "A directory opportunity"
    CONTACT = "contact", "A worker's own contact"
    OTHER = "other", "Something not listed"


class CommunityLink(PersonRecord, models.Model):
    """A person's link with a community opportunity: a service in the organisation's directory, one of a
    worker's own contacts, or one the directory does not hold, named in `name`. Its steps (LinkStep) say who
    moved it on, and when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="community_links")
    service = models.ForeignKey(
        "community.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=LinkKind.choices, default=LinkKind.OTHER)
    # Blank: not recorded (links made before the type was asked for, and directory suggestions until the
    # worker says).
    opportunity_type = models.CharField(
        max_length=16, choices=OpportunityType.choices, blank=True, default=""
    )
    contact = models.ForeignKey(
        "community.WorkerContact", null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    name = models.CharField(
        max_length=200, help_text="The opportunity's name (kept when the directory entry or contact goes)."
    )
    state = models.CharField(max_length=16, choices=LinkState.choices, default=LinkState.SUGGESTED)
    stop_reason = models.CharField(max_length=16, choices=StopReason.choices, blank=True, default="")
    note = models.TextField(blank=True, default="")
    follow_up_on = models.DateField(null=True, blank=True)
    on_next_map = models.BooleanField(
        default=False, help_text="Add the group to the person's next network map, in the outer circle."
    )
    state_changed_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "person",
        "kind",
        "opportunity_type",
        "service",
        "contact",
        "name",
        "state",
        "stop_reason",
        "note",
        "follow_up_on",
        "on_next_map",
    )

    class Meta:
        ordering = ["-state_changed_at", "-id"]
        indexes = [models.Index(fields=["person", "follow_up_on"], name="practice_link_follow_up")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_repr(self) -> str:
        return f"community link {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state != LinkState.STOPPED

    @property
    def later_states(self) -> list[tuple[str, str]]:
        """The states it can move on to (a step may be skipped: not everyone is accompanied)."""
        if not self.is_open:
            return []
        after = LINK_ORDER[LINK_ORDER.index(self.state) + 1 :]
        return [(s, LinkState(s).label) for s in after]


class LinkStep(models.Model):
    """One move of a link: the state it moved to, who moved it and when, and the follow-up agreed then."""

    link = models.ForeignKey(CommunityLink, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=16, choices=LinkState.choices)
    stop_reason = models.CharField(max_length=16, choices=StopReason.choices, blank=True, default="")
    note = models.TextField(blank=True, default="")
    follow_up_on = models.DateField(null=True, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.state} ({self.link_id})"


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent to the research team"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StoryVoice(models.TextChoices):
    PERSON = "person", "The person's own words"
    WORKER = "worker", "The worker's words, agreed with the person"


class PracticeStory(PersonRecord, models.Model):
    """What helped and what got in the way, written by the worker with the person, who consented to its
    anonymised use as evidence. Sent once, without the person's name, to the research team
    (practice/stories.py); withdrawing the consent takes it back from everywhere it went."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="stories")
    what_helped = models.TextField()
    what_got_in_the_way = models.TextField(blank=True)
    voice = models.CharField(max_length=16, choices=StoryVoice.choices, default=StoryVoice.PERSON)
    worker_adds = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    removed = models.TextField(
        blank=True, help_text="What withdrawing it removed from the research team's evidence, in words."
    )

    AUDITED_FIELDS = (
        "person",
        "what_helped",
        "what_got_in_the_way",
        "voice",
        "worker_adds",
        "status",
        "sent_at",
        "withdrawn_at",
        "removed",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Practice story {self.pk} ({self.person_id})"

    @property
    def audit_repr(self) -> str:
        return f"practice story {self.pk}"

"""Consultation rounds on a draft, reviewers with personal links, their comments and ratings, the
outbox of every message sent, and offers to contribute from the open call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from connecting_people.accounts.models import Organisation
from connecting_people.interventions.models import ModelVersion

from .aggregate import DEFAULT_MINIMUM

DEFAULT_QUESTIONS = [
    {"key": "clear", "label": "Clear"},
    {"key": "useful", "label": "Useful in practice"},
    {"key": "true", "label": "True to what happens in services"},
]


class ReviewerPerspective(models.TextChoices):
    WORKER = "worker", "Worker or practitioner"
    LIVED = "lived_experience", "Lived experience of services"
    ORGANISATION = "organisation", "Organisation or service"
    FUNDER = "funder", "Funder or commissioner"
    ACADEMIC = "academic", "Academic"
    OTHER = "other", "Other"


def default_questions() -> list[dict[str, str]]:
    return [dict(q) for q in DEFAULT_QUESTIONS]


class Round(models.Model):
    """A round of consultation on one guide draft (or one version of the model)."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="consultation_rounds")
    title = models.CharField(max_length=200)
    draft = models.ForeignKey(
        "guide.Draft", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    version = models.ForeignKey(
        "interventions.ModelVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
        help_text="The earlier round this one follows (a Delphi round).",
    )
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(help_text="The deadline: links stop working after it.")
    questions = models.JSONField(
        default=default_questions, help_text="[{key, label}] asked of every section, 1 to 5."
    )
    consensus = models.FloatField(
        default=0.7, help_text="Share rating 4 or 5 for a section to count as agreed."
    )
    minimum_ratings = models.PositiveSmallIntegerField(
        default=DEFAULT_MINIMUM,
        help_text="Ratings each question of a section needs (not applicable does not count) before the "
        "section can be called agreed or not agreed.",
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=3, help_text="Remind those not finished this many days before the deadline."
    )
    sections = models.JSONField(
        default=list,
        blank=True,
        help_text="A round on a version of the model: what its reviewers read, [{key, title, part_label, "
        "html}], fixed and checked for names when the round was made (a draft version may change later, "
        "and comments are anchored in the text as it was).",
    )
    publish_response = models.BooleanField(
        default=False,
        help_text="Publish the response to consultation with the next draft and release of the guide.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "title",
        "draft",
        "version",
        "follows",
        "opens_at",
        "closes_at",
        "questions",
        "consensus",
        "minimum_ratings",
        "reminder_days",
        "publish_response",
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(draft__isnull=False) | models.Q(version__isnull=False),
                name="round_has_a_draft_or_version",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id

    @property
    def consulted_version(self) -> ModelVersion:
        """The model version of a round that is not on a guide draft (the constraint ensures it has one)."""
        if self.version is None:
            raise ValueError(f"Round {self.pk} is on neither a draft nor a version of the model.")
        return self.version

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "not open yet"
        return "open" if now < self.closes_at else "closed"

    @property
    def question_keys(self) -> list[str]:
        return [q["key"] for q in self.questions]


class Reviewer(models.Model):
    """Someone invited to one round. They need no account: a personal link, stored only as a hash."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviewers")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    perspective = models.CharField(max_length=32, choices=ReviewerPerspective.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    reminder_token_hash = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="The link sent with the reminder; the first link keeps working too.",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ("round", "name", "email", "perspective", "revoked_at", "submitted_at")

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="reviewer_once_per_round")]

    def __str__(self) -> str:
        return f"Reviewer {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.round.team_id


class CommentStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    CHANGED = "changed", "Changed in a later draft"
    NOT_CHANGED = "not_changed", "Not changed"


class Comment(models.Model):
    """A reviewer's comment on a passage of a section, anchored by a text quote selector."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=80, help_text="The component key of the section.")
    exact = models.TextField()
    prefix = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    status = models.CharField(max_length=16, choices=CommentStatus.choices, default=CommentStatus.OPEN)
    changed_in = models.CharField(max_length=20, blank=True, help_text="The draft number it was changed in.")
    reason = models.TextField(blank=True, help_text="Why it was not changed.")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("section", "exact", "text", "status", "changed_in", "reason")

    class Meta:
        ordering = ["section", "position", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.reviewer.round.team_id


class Reply(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Rating(models.Model):
    """One answer: a reviewer's rating of one section on one question (None with not_applicable)."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="ratings")
    section = models.CharField(max_length=80)
    question = models.CharField(max_length=40)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    whole_section = models.BooleanField(
        default=False,
        help_text="Given with one rating for the whole section (every question the same), not question "
        "by question.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "section", "question"], name="one_rating_per_question"
            )
        ]
        indexes = [models.Index(fields=["section", "question"])]

    def __str__(self) -> str:
        return f"Rating of {self.section} / {self.question}"


class SectionNote(models.Model):
    """A reviewer's free text on a whole section."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(max_length=80)
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "section"], name="one_note_per_section")]

    def __str__(self) -> str:
        return f"Note on {self.section}"


class OutboxMessage(models.Model):
    """Every message sent, kept for the research team."""

    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    reviewer = models.ForeignKey(
        Reviewer, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    kind = models.CharField(max_length=20)  # invitation, reminder, offer_received
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail job handed it to the mail server (or failed to)."
    )

    class Meta:
        ordering = ["-sent_at", "-id"]


class OfferStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Offer(models.Model):
    """Someone offering to contribute through the open call; waits for a researcher."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    perspective = models.CharField(max_length=32, choices=ReviewerPerspective.choices)
    about = models.TextField(blank=True)
    round = models.ForeignKey(
        Round,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="offers",
        help_text="The round the offer answers: its team's researchers decide. "
        "Empty only for offers made before the open call asked.",
    )
    address_hash = models.CharField(
        max_length=64, help_text="A hash of the sender's address, for the rate limit."
    )
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["address_hash", "created_at"])]

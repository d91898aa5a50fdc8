"""The practitioner guide: a section per model component, curated evidence, and immutable drafts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from connecting_people.accounts.models import Organisation

from .front import default_glossary, default_part_intros


class Guide(models.Model):
    """A research team's guide to one published version of the model."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="guides")
    version = models.ForeignKey("interventions.ModelVersion", on_delete=models.PROTECT, related_name="guides")
    title = models.CharField(max_length=200, default="The Connecting People guide")
    foreword = models.TextField(blank=True, help_text="About this guide. Markdown.")
    audience = models.TextField(blank=True, help_text="Who the guide is for and how to use it. Markdown.")
    intervention = models.TextField(blank=True, help_text="The intervention and the two wheels. Markdown.")
    key_messages = models.JSONField(default=list, blank=True, help_text="The key messages, in order.")
    glossary = models.JSONField(default=default_glossary, blank=True, help_text="[[term, definition], ...]")
    references = models.JSONField(default=list, blank=True, help_text="References, one per item.")
    acknowledgements = models.TextField(blank=True, help_text="Markdown.")
    part_intros = models.JSONField(
        default=default_part_intros, blank=True, help_text="{part: introduction in Markdown}"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "team",
        "version",
        "title",
        "foreword",
        "audience",
        "intervention",
        "key_messages",
        "glossary",
        "references",
        "acknowledgements",
        "part_intros",
    )
    # The guide's own published text, which a name question's replacement reaches.
    TEXT_FIELDS = ("foreword", "audience", "intervention", "acknowledgements")
    JSON_TEXT_FIELDS = ("key_messages", "glossary", "references", "part_intros")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "version"], name="one_guide_per_team_and_version")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id


class Section(models.Model):
    """The guide's text for one component: written by researchers, with chosen evidence below."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    introduction = models.TextField(blank=True, help_text="Markdown.")
    good_practice = models.TextField(blank=True, help_text="What good looks like. Markdown.")
    in_practice = models.TextField(blank=True, help_text="In practice. Markdown.")
    tips = models.TextField(blank=True, help_text="Tips. Markdown.")
    pitfalls = models.TextField(blank=True, help_text="Pitfalls. Markdown.")
    questions = models.TextField(blank=True, help_text="Questions to reflect on. Markdown.")
    tools = models.JSONField(default=list, blank=True, help_text="Keys of printable tools (guide/tools.py).")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    TEXT_FIELDS = ("introduction", "good_practice", "in_practice", "tips", "pitfalls", "questions")
    AUDITED_FIELDS = (*TEXT_FIELDS, "tools")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "component"], name="one_section_per_component")
        ]

    def __str__(self) -> str:
        return f"Section {self.component_id}"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id


class Group(models.TextChoices):
    EXAMPLE = "example", "Real-life examples"
    TIP = "tip", "Hints and tips from workers"
    HELPS = "helps", "What people using services said helps"


class Example(models.Model):
    """A coded excerpt chosen for a section, with its published wording (lightly edited) and attribution."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="examples")
    excerpt = models.ForeignKey("fieldwork.Excerpt", on_delete=models.CASCADE, related_name="guide_uses")
    group = models.CharField(max_length=16, choices=Group.choices)
    position = models.PositiveIntegerField(default=0)
    wording = models.TextField(help_text="The words as published: the excerpt, lightly edited.")
    attribution = models.CharField(max_length=300, help_text="By role and setting, never by name.")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("section", "excerpt", "group", "position", "wording", "attribution")

    class Meta:
        ordering = ["group", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "excerpt"], name="excerpt_once_per_section")
        ]

    def __str__(self) -> str:
        return f"Example {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.section.guide.team_id


class Draft(models.Model):
    """An immutable snapshot of everything that went into the guide at one moment. A release is a draft
    made public."""

    guide = models.ForeignKey(Guide, on_delete=models.PROTECT, related_name="drafts")
    number = models.CharField(max_length=20, help_text="0.1, 0.2, ...")
    snapshot = models.JSONField(help_text="The whole intermediate document, as built.")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    check_log = models.TextField(
        blank=True, help_text="What the anonymisation check found when the draft was made, line by line."
    )

    AUDITED_FIELDS = ("guide", "number", "content_hash", "released_at")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["guide", "number"], name="unique_draft_number")]

    def __str__(self) -> str:
        return f"Draft {self.number}"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id

    @property
    def is_release(self) -> bool:
        return self.released_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Draft.objects.filter(pk=self.pk).values_list("snapshot", "content_hash").first()
            if stored and (stored[0] != self.snapshot or stored[1] != self.content_hash):
                raise ValueError("A draft's snapshot never changes once built.")
        super().save(*args, **kwargs)


class NameAnswer(models.TextChoices):
    OPEN = "", "Not answered yet"
    NOT_A_PERSON = "not_a_person", "Not a person"
    REPLACED = "replaced", "Replaced"


class NameQuestion(models.Model):
    """A word in a draft that looks like someone's name and is in nobody's register entry. A researcher
    answers it once for the guide: not a person, or replaced with other words in the guide's own text.
    A release is refused while a word in it has no answer."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="name_questions")
    word = models.CharField(max_length=100, help_text="Folded: accents and case removed.")
    found = models.CharField(max_length=100, help_text="As first written.")
    where = models.CharField(max_length=300)
    context = models.CharField(max_length=300)
    answer = models.CharField(max_length=16, choices=NameAnswer.choices, default=NameAnswer.OPEN, blank=True)
    replacement = models.CharField(max_length=100, blank=True)
    raised_in = models.ForeignKey(Draft, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ("answer", "replacement")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["guide", "word"], name="one_question_per_word")]

    def __str__(self) -> str:
        return f"Name question {self.pk}"  # the word itself stays out of the audit trail

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id

    @property
    def is_open(self) -> bool:
        return self.answer == NameAnswer.OPEN


class BuildStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    RUNNING = "running", "Building"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Build(models.Model):
    """One run of turning a draft into files, started from the web and run in the background."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="builds")
    formats = models.CharField(max_length=40, default="html,pdf,docx")
    status = models.CharField(max_length=16, choices=BuildStatus.choices, default=BuildStatus.WAITING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent.")
    step = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="What went wrong, in words for the user.")
    files = models.JSONField(default=dict, blank=True, help_text="format -> path under the media folder")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times a worker started it (more than one when a worker was killed)."
    )

    AUDITED_FIELDS = ("draft", "formats")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Build {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (BuildStatus.DONE, BuildStatus.FAILED)

    @property
    def audit_organisation_id(self) -> int:
        return self.draft.guide.team_id


class SiteRating(models.Model):
    """A researcher's rating of one site's practice on one component, on the rating scale, with the
    excerpts that justify it. Several researchers may rate the same site; their scores are averaged."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="site_ratings")
    site = models.ForeignKey("fieldwork.Site", on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    excerpts = models.ManyToManyField("fieldwork.Excerpt", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("site", "component", "score", "note", "excerpts")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "site", "component", "rater"], name="one_rating_per_rater"
            )
        ]

    def __str__(self) -> str:
        return f"Rating {self.score} (site {self.site_id})"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id


class Procedure(models.Model):
    """How the gold-standard organisation works on one component, written by researchers from the
    exemplar site's coded practice."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="procedures")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, help_text="Markdown.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    AUDITED_FIELDS = ("component", "text")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "component"], name="one_procedure_per_component")
        ]

    def __str__(self) -> str:
        return f"Procedure {self.component_id}"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id


class SelfRating(models.Model):
    """A manager's rating of their own organisation on one component, on the same scale."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="self_ratings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="self_ratings")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("guide", "organisation", "component", "score", "note")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "organisation", "component"], name="one_self_rating")
        ]

    def __str__(self) -> str:
        return f"Self-rating {self.score}"

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id


class WarningAnswer(models.Model):
    """A researcher's answer to a warning on a chosen example (`curation.Finding`): keep it as it is, and
    why. A warning fixed by editing the wording is gone and needs no answer; taking the example out takes
    its answers with it. Placeholders, time stamps and a quote used twice cannot be kept."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="warning_answers")
    kind = models.CharField(max_length=20)
    detail = models.CharField(max_length=200, help_text="What was found, as the warning names it.")
    reason = models.TextField(help_text="Why it is kept as it is.")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("example", "kind", "detail", "reason")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["example", "kind", "detail"], name="one_answer_per_warning")
        ]

    def __str__(self) -> str:
        return f"Warning answer {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.example.section.guide.team_id


class GoldProfile(models.Model):
    """The gold-standard organisation as a reader meets it: a fictitious name and a short portrait (its
    size, setting and who it serves), written by researchers. Composite and fictitious, and it says so."""

    guide = models.OneToOneField(Guide, on_delete=models.CASCADE, related_name="gold_profile")
    name = models.CharField(max_length=120, help_text="A fictitious name: no real organisation's.")
    portrait = models.TextField(
        blank=True, help_text="Markdown: one paragraph on its size, setting and who it serves."
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("name", "portrait")

    def __str__(self) -> str:
        return f"Gold-standard profile {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id


class JourneyKind(models.TextChoices):
    JOURNEY = "journey", "A person's journey"
    ORGANISATION = "organisation", "Behind the work"


class JourneyStage(models.Model):
    """One point in how the gold-standard organisation's procedures fit together: a step of a person's
    journey (referral to moving on) or something that holds the work up (supervision, recording,
    caseloads), naming the components whose procedures apply there."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="journey_stages")
    kind = models.CharField(max_length=16, choices=JourneyKind.choices, default=JourneyKind.JOURNEY)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=120)
    text = models.TextField(blank=True, help_text="Markdown.")
    components = models.ManyToManyField("interventions.Component", blank=True, related_name="+")

    AUDITED_FIELDS = ("kind", "position", "title", "text", "components")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Journey stage {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.guide.team_id


class PlannedAction(models.Model):
    """One row of an organisation's action plan, closing a gap to the gold standard: what, who, the first
    step and by when. The organisation's own plan: never published."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="planned_actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="planned_actions")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    owner = models.CharField(max_length=200, help_text="A role or a member of staff.")
    first_step = models.TextField(blank=True)
    due = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("component", "action", "owner", "first_step", "due", "position")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Planned action {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id


class WorkingStyle(models.Model):
    """A worker's own view of their practice: private to them unless they share it with their
    supervisors (the managers of their organisation), who then read it and cannot change it."""

    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_style"
    )
    shared_with_supervisor = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("shared_with_supervisor",)

    def __str__(self) -> str:
        return f"Working style {self.pk}"  # the worker's name stays out of the audit trail's label

    @property
    def audit_organisation_id(self) -> int | None:
        return self.worker.organisation_id


class PracticeRating(models.Model):
    """A worker's rating of their own practice on one component, on the organisation's self-assessment
    scale (`gold.Scale`), at personal level."""

    style = models.ForeignKey(WorkingStyle, on_delete=models.CASCADE, related_name="ratings")
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("guide", "component", "score")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["style", "guide", "component"], name="one_practice_rating")
        ]

    def __str__(self) -> str:
        return f"Practice rating {self.score}"

    @property
    def audit_organisation_id(self) -> int | None:
        return self.style.worker.organisation_id

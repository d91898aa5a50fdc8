from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from connecting_people.accounts.models import Organisation, Region, User
from connecting_people.interventions.models import Component

from .extract.speakers import distinct_speakers
from .vocab import ExcerptKind, Perspective, SiteSector, SourceKind


class Site(models.Model):
    """A project the research team visits. Owned by one research team, whose researchers alone see it."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fieldwork_sites")
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=32, choices=Region.choices)
    sector = models.CharField(max_length=32, choices=SiteSector.choices)
    client_group = models.CharField(
        max_length=200, blank=True, help_text="e.g. adults with mental health problems"
    )
    host_organisation = models.CharField(
        max_length=200, blank=True, help_text="The supporting or host organisation."
    )
    agreed_to_be_named = models.BooleanField(
        default=False, help_text="Whether the site agreed to be named in published material."
    )
    notes = models.TextField(blank=True)
    practice_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Organisation using this app",
        help_text="If the site keeps its records here: once a manager there agrees, the practice stories "
        "its people agree to share come to this team's inbox, and its partnership records' counts are "
        "evidence for the gold standard.",
    )
    # When a manager of the practice organisation agreed to share with this team its practice stories and
    # the counts of its partnership records; empty while they have not (or stopped), and cleared when the
    # site is linked to another organisation.
    research_agreed_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = (
        "name",
        "region",
        "sector",
        "client_group",
        "host_organisation",
        "agreed_to_be_named",
        "notes",
        "practice_organisation",
        "research_agreed_at",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="unique_site_name_per_team")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id


class Visit(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="visits")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    researchers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    purpose = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    AUDITED_FIELDS = ("site", "start_date", "end_date", "researchers", "purpose", "notes")

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.site.name}, {self.start_date:%d/%m/%Y}"

    @property
    def audit_organisation_id(self) -> int:
        return self.site.team_id


class Participant(models.Model):
    """Someone who took part. Known by pseudonym; a real name, if kept at all, is for researchers only."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="participants")
    pseudonym = models.CharField(max_length=80)
    perspective = models.CharField(max_length=32, choices=Perspective.choices)
    role_description = models.CharField(
        max_length=200,
        blank=True,
        help_text="How published text may describe them, e.g. 'a peer support worker'.",
    )
    real_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional. Never published; used to check published text for leaks.",
    )
    nicknames = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Optional. Other names they go by, separated by commas (e.g. 'Becky, Bex'). Never "
            "published; checked for like the real name."
        ),
    )
    consent_date = models.DateField(null=True, blank=True)
    consent_to_quote = models.BooleanField(
        default=False, help_text="Agreed to be quoted in published material."
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    AUDITED_FIELDS = (
        "site",
        "pseudonym",
        "perspective",
        "role_description",
        "real_name",
        "nicknames",
        "consent_date",
        "consent_to_quote",
        "withdrawn_on",
        "notes",
    )

    class Meta:
        ordering = ["site__name", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["site", "pseudonym"], name="unique_pseudonym_per_site")
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def audit_organisation_id(self) -> int:
        return self.site.team_id

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def original_path(source: Source, filename: str) -> str:
    # Content-addressed under the team, so names from uploads never become paths.
    return f"fieldwork/{source.team_id}/{source.content_hash[:2]}/{source.content_hash}"


class Source(models.Model):
    """An imported document: the original file kept alongside its extracted text and speaker turns."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fieldwork_sources")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=SourceKind.choices)
    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text="Empty while the source waits in the inbox.",
    )
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    participants = models.ManyToManyField(Participant, blank=True, related_name="sources")
    original = models.FileField(upload_to=original_path, max_length=300)
    original_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(max_length=40, blank=True)
    size = models.PositiveBigIntegerField()
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the original file, to spot duplicates."
    )
    text_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="SHA-256 of the text, to find the same text from another tool.",
    )
    text = models.TextField()
    turns = models.JSONField(default=list, blank=True, help_text="[{speaker, key, start, end, time}]")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    guid = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        help_text="Its GUID in another qualitative tool's project, kept so an exchange merges back.",
    )
    description = models.TextField(blank=True)
    attributes = models.JSONField(
        default=dict, blank=True, help_text="Variables and case attributes from another tool: {name: value}."
    )
    origin = models.CharField(
        max_length=60,
        blank=True,
        db_index=True,
        help_text="What sent it from inside this app (a practice story: practice.story:<id>), so it can "
        "be taken back; empty for an import.",
    )

    AUDITED_FIELDS = ("title", "kind", "site", "visit", "participants", "original_name", "content_hash")

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "content_hash"], name="unique_source_content_per_team")
        ]
        indexes = [models.Index(fields=["team", "site"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id

    @property
    def in_inbox(self) -> bool:
        return self.site_id is None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def speakers(self) -> list[str]:
        """One label per speaker ("Interviewer1" and "Interviewer 1:" are one), as first written."""
        return distinct_speakers(turn["speaker"] for turn in self.turns)


class SpeakerAlias(models.Model):
    """A researcher's word on who speaks under a label in one source: every label of the source with this
    speaker key is this participant. Two keys linked to one participant merge two labels ("R1", "Resp 1")."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="speaker_aliases")
    speaker_key = models.CharField(
        max_length=120, help_text="The label as compared: see extract.speakers.speaker_key."
    )
    label = models.CharField(max_length=120, help_text="The label as first written in the source.")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="speaker_aliases")

    AUDITED_FIELDS = ("source", "speaker_key", "label", "participant")

    class Meta:
        ordering = ["source", "speaker_key"]
        constraints = [
            models.UniqueConstraint(fields=["source", "speaker_key"], name="unique_speaker_alias_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.label} = {self.participant.pseudonym}"

    @property
    def audit_organisation_id(self) -> int:
        return self.source.team_id


MAX_CODE_NAME = 500  # NVivo and MAXQDA allow long code names; longer ones are reported when cut


class Tag(models.Model):
    """A free code beside the model's components, in a hierarchy (e.g. Barriers › Transport)."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fieldwork_tags")
    name = models.CharField(max_length=MAX_CODE_NAME)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    guid = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        help_text="Its GUID in another qualitative tool's codebook, kept so an exchange merges back.",
    )
    description = models.TextField(blank=True)
    color = models.CharField(
        max_length=7, blank=True, help_text="#RRGGBB, as the tool it came from showed it."
    )
    codable = models.BooleanField(default=True, help_text="False for a code that only groups others.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "parent", "name"], name="unique_tag_name_per_parent")
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        names: list[str] = []
        node: Tag | None = self
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names))


class Excerpt(models.Model):
    """A coded passage of a source. Offsets count Unicode code points of Source.text."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="excerpts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The passage as it stands in the source.")
    kind = models.CharField(max_length=16, choices=ExcerptKind.choices)
    memo = models.TextField(blank=True)
    components: models.ManyToManyField[Component, ExcerptComponent] = models.ManyToManyField(
        "interventions.Component", through="ExcerptComponent", related_name="excerpts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="excerpts")
    speaker = models.CharField(max_length=80, blank=True)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="excerpts"
    )
    perspective = models.CharField(max_length=32, choices=Perspective.choices, blank=True)
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    guid = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        help_text="The selection's GUID in another qualitative tool, kept so an exchange merges back.",
    )
    revision = models.PositiveIntegerField(
        default=1, help_text="Raised on every change, so concurrent edits are caught."
    )

    AUDITED_FIELDS = (
        "source",
        "start",
        "end",
        "text",
        "kind",
        "memo",
        "tags",
        "speaker",
        "participant",
        "perspective",
    )

    class Meta:
        ordering = ["source", "start", "end", "id"]
        # The search reads a filter's excerpts newest first (`finder`): each filter's column with the id,
        # then the source and participant its team and withdrawal checks need, so PostgreSQL reads them
        # from the index alone rather than visiting each excerpt's row (the id is unique, so the two
        # columns after it change nothing in the order; key columns rather than INCLUDE, which SQLite
        # lacks).
        indexes = [
            models.Index(fields=["source", "start"]),
            models.Index(
                fields=["perspective", "id", "source", "participant"], name="excerpt_perspective_newest"
            ),
            models.Index(fields=["kind", "id", "source", "participant"], name="excerpt_kind_newest"),
            models.Index(fields=["coder", "id", "source", "participant"], name="excerpt_coder_newest"),
        ]

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.source_id}:{self.start}-{self.end} “{short}”"

    @property
    def audit_organisation_id(self) -> int:
        return self.source.team_id

    @property
    def audit_repr(self) -> str:
        """The trail names the passage by place, never by its words (they may identify someone)."""
        return f"source {self.source_id}, {self.start}-{self.end}"


class ExcerptComponent(models.Model):
    """Which model components an excerpt is coded to (a table of its own, so evidence can move between
    versions)."""

    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="component_links")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    # When the excerpt was first coded to the component: a code added to an older excerpt is new evidence
    # for its section from then (freshness.py). Kept when the excerpt's other codes change.
    coded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["excerpt", "component"], name="unique_excerpt_component")
        ]
        indexes = [models.Index(fields=["component", "excerpt"])]  # a component's excerpts, newest first


class DoubleCoding(models.Model):
    """Two researchers code one source independently; neither sees the other's codings on it until
    both have marked their coding done. Then agreement is computed."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="double_codings")
    coder_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coder_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_a = models.DateTimeField(null=True, blank=True)
    done_b = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("source", "coder_a", "coder_b", "done_a", "done_b")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "coder_a", "coder_b"], name="unique_double_coding")
        ]

    def __str__(self) -> str:
        return f"Double coding of source {self.source_id}"

    @property
    def audit_organisation_id(self) -> int:
        return self.source.team_id

    @property
    def is_blind(self) -> bool:
        return self.done_a is None or self.done_b is None

    def involves(self, user: User | None) -> bool:
        return user is not None and user.pk in (self.coder_a_id, self.coder_b_id)


class ExternalCoder(models.Model):
    """A user named in a project from another tool (NVivo, MAXQDA...). Their codings are kept as theirs:
    `user` is either one of the team's researchers (when the names match or the importer chose) or an
    account made for them that cannot sign in, so agreement and kappa can compare them like any coder."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="external_coders")
    guid = models.CharField(max_length=36)
    name = models.CharField(max_length=300)
    origin = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "guid"], name="unique_external_coder_per_team")
        ]

    def __str__(self) -> str:
        return self.name


class CodeIdentity(models.Model):
    """Another tool's code that stands for one of the model's components or parts: its GUID is written
    back in exports, so the tool merges the code it knows instead of adding a duplicate."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="code_identities")
    guid = models.CharField(max_length=36)
    name = models.CharField(max_length=MAX_CODE_NAME)
    component_key = models.CharField(max_length=80, blank=True)
    part = models.CharField(max_length=32, blank=True)
    description = models.TextField(blank=True)
    color = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "guid"], name="unique_code_identity_per_team")]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """A note or memo from another tool, attached to what it annotates (the project, a source, a coded
    passage or a code), or standing alone."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fieldwork_notes")
    guid = models.CharField(max_length=36)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    excerpt = models.ForeignKey(
        Excerpt, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    code_guid = models.CharField(max_length=36, blank=True, help_text="A component's code, by its GUID.")
    on_project = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ("title", "text", "source", "excerpt", "tag", "code_guid", "on_project")

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "guid"], name="unique_note_per_team")]

    def __str__(self) -> str:
        return self.title or "Note"

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id


class CodeSet(models.Model):
    """A set from another tool: a group of codes (by GUID, so components count too), sources and notes."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="code_sets")
    guid = models.CharField(max_length=36)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    code_guids = models.JSONField(default=list, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="sets")
    note_guids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "guid"], name="unique_code_set_per_team")]

    def __str__(self) -> str:
        return self.name


class ItemLink(models.Model):
    """A link from another tool between two of its items (codes, sources, selections, notes), by GUID."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="item_links")
    guid = models.CharField(max_length=36)
    name = models.CharField(max_length=300, blank=True)
    direction = models.CharField(max_length=20, blank=True)
    color = models.CharField(max_length=7, blank=True)
    origin_guid = models.CharField(max_length=36)
    target_guid = models.CharField(max_length=36)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["team", "guid"], name="unique_item_link_per_team")]

    def __str__(self) -> str:
        return self.name or "Link"


class PassageCount(models.Model):
    """How many passages of evidence (the one count, `evidence.evidence_passages`) a source holds per
    component, perspective and site: kept by the actions that code, re-attribute, assign and withdraw
    (`evidence_counts.refresh`), so the coverage page sums a few rows instead of merging every coding.
    The component is the one the passage is attributed by; migrating evidence to a new version moves
    it like every other reference to a component."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passage_counts")
    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(max_length=32, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    passages = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["team", "component"])]


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Stopped"


def _upload_path(upload: ImportFile, filename: str) -> str:
    # Never the uploaded name as a path: the job and the file's place in it.
    return f"imports/{upload.job_id}/{upload.position}"


class ImportJob(models.Model):
    """Files uploaded in the web, imported in the background (`jobs.run_import`); each file's outcome is
    kept on its `ImportFile` in the transaction that imports it, so a job taken again after its worker
    died goes on from the files still waiting and never imports one twice."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fieldwork_imports")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="What stopped the job, in words for the user.")

    AUDITED_FIELDS = ("total",)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"Import of {self.total} file{'s' if self.total != 1 else ''}"

    @property
    def audit_organisation_id(self) -> int:
        return self.team_id

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)


class ImportFile(models.Model):
    """One uploaded file of an import job: what to import it as, and what became of it."""

    WAITING = "waiting"
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    upload = models.FileField(upload_to=_upload_path, max_length=300, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    visit_date = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=300, blank=True)
    participants = models.ManyToManyField(Participant, blank=True, related_name="+")
    problem = models.TextField(blank=True, help_text="Why the manifest row cannot be followed.")
    status = models.CharField(max_length=16, default=WAITING)  # waiting, or an importing.ItemResult status
    message = models.TextField(blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_import_file_position")
        ]

    def __str__(self) -> str:
        return self.name


class PassageTotal(models.Model):
    """`PassageCount` summed over a team's sources, per component, perspective and site: what the coverage
    page reads, so it reads a few thousand rows however much evidence there is. `evidence_counts.refresh`
    adds the change in a source's counts to it in the same transaction. A key may have more than one row
    (two first changes at the same moment, or evidence moved between versions); readers sum them."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(max_length=32, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    passages = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["team", "component"])]


class Citation(models.Model):
    """An excerpt cited as evidence for a component of a draft version of the model: why that component
    changed. Chosen from the component's own evidence (matched by key), by the team's researchers; the
    diff between versions shows it beside the change."""

    component = models.ForeignKey("interventions.Component", on_delete=models.CASCADE, related_name="+")
    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="citations")
    cited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cited_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("component", "excerpt")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["component", "excerpt"], name="cite_excerpt_once")]

    def __str__(self) -> str:
        return f"Citation {self.pk}"

    @property
    def audit_organisation_id(self) -> int:
        return self.excerpt.source.team_id

from __future__ import annotations

from django.conf import settings
from django.db import models

from connecting_people.accounts.models import Organisation, Region

from .vocab import ExcerptKind, Perspective, SiteSector, SourceKind


class Site(models.Model):
    """A project the research team visits. Owned by one research team, whose researchers alone see it."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fieldwork_sites")
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=32, choices=Region.choices)
    sector = models.CharField(max_length=32, choices=SiteSector.choices)
    client_group = models.CharField(max_length=200, blank=True, help_text="e.g. adults with mental health problems")
    host_organisation = models.CharField(max_length=200, blank=True, help_text="The supporting or host organisation.")
    agreed_to_be_named = models.BooleanField(
        default=False, help_text="Whether the site agreed to be named in published material."
    )
    notes = models.TextField(blank=True)

    AUDITED_FIELDS = ("name", "region", "sector", "client_group", "host_organisation", "agreed_to_be_named", "notes")

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
        max_length=200, blank=True, help_text="How published text may describe them, e.g. 'a peer support worker'."
    )
    real_name = models.CharField(
        max_length=200, blank=True, help_text="Optional. Never published; used to check published text for leaks."
    )
    consent_date = models.DateField(null=True, blank=True)
    consent_to_quote = models.BooleanField(default=False, help_text="Agreed to be quoted in published material.")
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    AUDITED_FIELDS = ("site", "pseudonym", "perspective", "role_description", "real_name", "consent_date",
                      "consent_to_quote", "withdrawn_on", "notes")

    class Meta:
        ordering = ["site__name", "pseudonym"]
        constraints = [models.UniqueConstraint(fields=["site", "pseudonym"], name="unique_pseudonym_per_site")]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def audit_organisation_id(self) -> int:
        return self.site.team_id

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def original_path(source: Source, filename: str) -> str:
    # Content-addressed under the team, so names from uploads never become paths.
    return f"fieldwork/{source.team_id}/{source.content_hash[:2]}/{source.content_hash}"


class Source(models.Model):
    """An imported document: the original file kept alongside its extracted text and speaker turns."""

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fieldwork_sources")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=SourceKind.choices)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="sources",
                             help_text="Empty while the source waits in the inbox.")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    participants = models.ManyToManyField(Participant, blank=True, related_name="sources")
    original = models.FileField(upload_to=original_path, max_length=300)
    original_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(max_length=40, blank=True)
    size = models.PositiveBigIntegerField()
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the original file, to spot duplicates.")
    text = models.TextField()
    turns = models.JSONField(default=list, blank=True, help_text="[{speaker, start, end, time}]")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("title", "kind", "site", "visit", "participants", "original_name", "content_hash")

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["team", "content_hash"], name="unique_source_content_per_team")]
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
        return sorted({turn["speaker"] for turn in self.turns})


class Tag(models.Model):
    """A free code beside the model's components, in a hierarchy (e.g. Barriers › Transport)."""

    team = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fieldwork_tags")
    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "parent", "name"], name="unique_tag_name_per_parent")]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        names, node, seen = [], self, set()
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
    components = models.ManyToManyField("interventions.Component", through="ExcerptComponent", related_name="excerpts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="excerpts")
    speaker = models.CharField(max_length=80, blank=True)
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="excerpts")
    perspective = models.CharField(max_length=32, choices=Perspective.choices, blank=True)
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1, help_text="Raised on every change, so concurrent edits are caught.")

    AUDITED_FIELDS = ("source", "start", "end", "text", "kind", "memo", "tags", "speaker", "participant", "perspective")

    class Meta:
        ordering = ["source", "start", "end", "id"]
        indexes = [models.Index(fields=["source", "start"]), models.Index(fields=["perspective"])]

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
    """Which model components an excerpt is coded to (a table of its own, so evidence can move between versions)."""

    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="component_links")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["excerpt", "component"], name="unique_excerpt_component")]


class DoubleCoding(models.Model):
    """Two researchers code one source independently; neither sees the other's codings on it until
    both have marked their coding done. Then agreement is computed."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="double_codings")
    coder_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coder_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_a = models.DateTimeField(null=True, blank=True)
    done_b = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("source", "coder_a", "coder_b", "done_a", "done_b")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "coder_a", "coder_b"], name="unique_double_coding")]

    def __str__(self) -> str:
        return f"Double coding of source {self.source_id}"

    @property
    def audit_organisation_id(self) -> int:
        return self.source.team_id

    @property
    def is_blind(self) -> bool:
        return self.done_a is None or self.done_b is None

    def involves(self, user: object) -> bool:
        return getattr(user, "pk", None) in (self.coder_a_id, self.coder_b_id)

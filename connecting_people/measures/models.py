"""Instruments an organisation has loaded. The file itself is kept (`source`), so the item texts of a
licensed scale stay in the organisation's own database and every score can be traced to the exact
version it was made with."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from connecting_people.accounts.models import Organisation
from connecting_people.practice.models import Person, person_subject

from . import fidelity, instrument


class LoadedFile(models.Model):
    """A file an organisation has loaded (an instrument or a fidelity scale), kept whole (`source`) and
    never changed once loaded: new wording is a new version."""

    key = models.CharField(max_length=64)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    ours = models.BooleanField(
        help_text="Written by the Connecting People project (free to use, unvalidated)."
    )
    licence_note = models.TextField()
    source = models.TextField(help_text="The file as loaded.")
    loaded_at = models.DateTimeField(auto_now_add=True)
    licence_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When someone confirmed the organisation holds a licence (not ours)."
    )
    licence_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    organisation_id: int

    # What an instrument's and a fidelity scale's audit entries record of the file.
    LOADED_AUDITED = (
        "organisation",
        "key",
        "version",
        "title",
        "ours",
        "licence_note",
        "licence_confirmed_at",
    )

    class Meta:
        abstract = True
        ordering = ["title", "version"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def licence_state(self) -> str:
        """'ours', or when the organisation confirmed it holds the licence."""
        if self.ours:
            return "ours"
        if self.licence_confirmed_at is None:
            return "licensed"
        return (
            "licence held, confirmed "
            f"{date_format(timezone.localtime(self.licence_confirmed_at), 'SHORT_DATE_FORMAT')}"
        )


class Instrument(LoadedFile):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="instruments")

    AUDITED_FIELDS = LoadedFile.LOADED_AUDITED

    class Meta(LoadedFile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="one_instrument_version_per_organisation"
            )
        ]

    def definition(self) -> instrument.InstrumentData:
        """The instrument as data, read again from the file it was loaded from (checked when loaded)."""
        return instrument.parse(self.source)


BASELINE = 0  # a time point is months since the work began; 0 is the baseline


def time_point_label(months: int) -> str:
    return "Baseline" if months == BASELINE else f"{months} months"


class ScheduledMeasure(models.Model):
    """One instrument an organisation asks everyone to complete: at the start of the work (the baseline)
    and again after each number of months in `follow_up_months`. Edited by a manager."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measure_schedule")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    follow_up_months = models.JSONField(default=list, help_text="e.g. [3, 6, 12]")

    AUDITED_FIELDS = ("organisation", "instrument", "follow_up_months")

    class Meta:
        ordering = ["instrument__title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "instrument"], name="one_schedule_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} at {', '.join(time_point_label(m) for m in self.months)}"

    @property
    def months(self) -> list[int]:
        return [BASELINE, *sorted(int(m) for m in self.follow_up_months)]

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id


class CompletedBy(models.TextChoices):
    PERSON = "person", "The person, on their own"
    WORKER = "worker", "The worker with the person"
    PROXY = "proxy", "Someone answering for the person (proxy)"


class Completion(models.Model):
    """One instrument at one time point for one person: the answers as they are given (so someone can
    pause and come back), then, once finished, the scores the missing-item rule allows. A time point the
    person did not complete is recorded as missed with the reason, so it is reported, not hidden."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="measure_completions")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="completions")
    months = models.PositiveSmallIntegerField(help_text="The time point: months since the work began.")
    completed_by = models.CharField(max_length=12, choices=CompletedBy.choices)
    proxy = models.CharField(
        max_length=200, blank=True, help_text="Who answered for the person, when it was a proxy."
    )
    answers = models.JSONField(default=dict, help_text="Item key -> value given.")
    scores = models.JSONField(default=dict, help_text="Score key -> exact value ('7/2'), or null.")
    finished_on = models.DateField(null=True, blank=True)
    missed_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "instrument",
        "months",
        "completed_by",
        "proxy",
        "answers",
        "scores",
        "finished_on",
        "missed_reason",
    )

    class Meta:
        ordering = ["months", "instrument__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument", "months"], name="one_completion_per_time_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} {time_point_label(self.months)}"

    @property
    def audit_subject(self) -> str:
        return person_subject(self.person_id)

    @property
    def audit_organisation_id(self) -> int:
        return self.instrument.organisation_id

    @property
    def time_point(self) -> str:
        return time_point_label(self.months)

    @property
    def is_missed(self) -> bool:
        return bool(self.missed_reason)

    @property
    def is_proxy(self) -> bool:
        return self.completed_by == CompletedBy.PROXY

    def score_values(self) -> dict[str, Fraction | None]:
        return {k: None if v is None else Fraction(v) for k, v in self.scores.items()}


class MeasureLink(models.Model):
    """A personal link for the person to complete one measure on their own phone without signing in. The
    token is shown once and kept only as its SHA-256 (as consultation links are); it stops working when
    the measure is finished, when it expires, or when the worker withdraws it."""

    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ("completion", "expires_at", "withdrawn_at")

    def __str__(self) -> str:
        return f"link for {self.completion}"

    @property
    def audit_subject(self) -> str:
        return person_subject(self.completion.person_id)

    @property
    def audit_organisation_id(self) -> int:
        return self.completion.instrument.organisation_id


class FidelityScale(LoadedFile):
    """A fidelity scale an organisation has loaded (measures/fidelity.py). Its items point at components of
    the published model version it was checked against (`model_version`) by their stable keys, so ratings
    made with it move with the model. The file itself is kept, as an instrument's is."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fidelity_scales")
    model_version = models.ForeignKey(
        "interventions.ModelVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published model version whose components the items were checked against.",
    )

    AUDITED_FIELDS = (*LoadedFile.LOADED_AUDITED, "model_version")

    class Meta(LoadedFile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="one_fidelity_scale_version_per_organisation"
            )
        ]

    def definition(self) -> fidelity.FidelityScaleData:
        return fidelity.parse(self.source)

    def placed_definition(self) -> tuple[fidelity.FidelityScaleData, dict[str, str]]:
        """The definition with each item at the component it points at now (`FidelityScaleItem`, moved with
        the model), and those components' titles by key. One query."""
        rows = list(self.placed_items.values_list("key", "component__key", "component__title"))
        return self.definition().placed({key: component for key, component, _ in rows}), {
            component: title for _, component, title in rows
        }


class FidelityScaleItem(models.Model):
    """Where one item of a loaded fidelity scale points: the model component it rates. Written when the
    scale is loaded, from the file's component keys in the version it was checked against; as a key to
    `Component`, it is moved with the rest of the evidence when `cpi model migrate-evidence` maps that
    component to its successor in a new version (interventions/migration.py finds every such key), so
    ratings made with the scale are read against the current model."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="placed_items")
    key = models.CharField(max_length=64, help_text="The item's key in the scale file.")
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scale", "key"], name="one_place_per_fidelity_item")]

    def __str__(self) -> str:
        return f"{self.key} of {self.scale}"


class RaterRole(models.TextChoices):
    SUPERVISOR = "supervisor", "Supervisor"
    WORKER = "worker", "The worker"
    PERSON = "person", "The person supported"


class FidelityRating(models.Model):
    """How closely one worker's practice followed the model on a date, rated with a fidelity scale: with one
    person (a worker–person pair) or, with no person, the worker's practice overall. `ratings` are by item
    key; the score is the scale's mean (exact, as '5/2'), null when too many items were left unrated."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.PROTECT, related_name="ratings")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="fidelity_ratings"
    )
    rated_on = models.DateField()
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rater_role = models.CharField(max_length=12, choices=RaterRole.choices)
    ratings = models.JSONField(default=dict, help_text="Item key -> rating given.")
    score = models.CharField(max_length=40, blank=True, help_text="Exact mean ('5/2'); empty: no score.")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("scale", "worker", "person", "rated_on", "rater_role", "ratings", "score")

    class Meta:
        ordering = ["-rated_on", "-id"]
        indexes = [models.Index(fields=["worker", "rated_on"], name="fidelity_worker_date")]

    def __str__(self) -> str:
        return f"fidelity rating {self.rated_on}"

    @property
    def audit_subject(self) -> str:
        return person_subject(self.person_id) if self.person_id else ""

    @property
    def audit_organisation_id(self) -> int:
        return self.scale.organisation_id

    @property
    def score_value(self) -> Fraction | None:
        return Fraction(self.score) if self.score else None

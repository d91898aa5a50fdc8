"""The community directory in the Open Referral UK shape: one table per ORUK entity, with the standard's
field names. The standard's string identifier is `oruk_id` (our own integer keys stay internal); a
reference the standard writes as `organization_id` is a foreign key named `organization`. Each row
belongs to one of our organisations (`owner`, whose directory it is), and `extra` keeps every field of
the row that we do not model, so an export gives back what came in."""

from __future__ import annotations

import uuid

from django.db import models

from connecting_people.accounts.models import Organisation, User

from .oruk.spec import FREQUENCIES, LOCATION_TYPES, SERVICE_STATUSES


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def _text() -> models.TextField[str, str]:
    return models.TextField(blank=True, default="")


def _number() -> models.DecimalField[object, object]:
    return models.DecimalField(max_digits=15, decimal_places=7, null=True, blank=True)


class DirectoryRecord(models.Model):
    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    oruk_id = models.CharField(max_length=250, help_text="The record's identifier in the standard (its id).")
    extra = models.JSONField(default=dict, blank=True, help_text="Fields of the standard we do not model.")

    class Meta:
        abstract = True

    @property
    def audit_organisation_id(self) -> int:
        return self.owner_id

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.oruk_id}"


def _unique(name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["owner", "oruk_id"], name=f"community_{name}_unique_id")]


class Organization(DirectoryRecord):
    """An organisation that runs community services (ORUK organization), not one of our own agencies."""

    name = models.TextField()
    description = _text()
    email = _text()
    website = _text()
    logo = _text()
    uri = _text()
    parent_organization_id = _text()

    class Meta:
        constraints = _unique("organization")


class Taxonomy(DirectoryRecord):
    name = models.TextField()
    description = _text()
    uri = _text()
    version = _text()

    class Meta:
        constraints = _unique("taxonomy")


class TaxonomyTerm(DirectoryRecord):
    name = models.TextField()
    description = _text()
    parent_id = _text()
    taxonomy = _text()
    taxonomy_id = models.CharField(max_length=250, blank=True, default="", db_index=True)
    term_uri = _text()
    term = _text()

    class Meta:
        constraints = _unique("taxonomy_term")


class Service(DirectoryRecord):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    name = models.TextField()
    description = _text()
    url = _text()
    email = _text()
    status = models.CharField(max_length=20, choices=_choices(SERVICE_STATUSES))
    fees = _text()
    accreditations = _text()
    minimum_age = _number()
    maximum_age = _number()
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = _text()
    alert = _text()
    last_modified = models.DateTimeField(null=True, blank=True)
    # Ours, not the standard's: when a worker last made sure the entry is still true, and who.
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_checked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the worker who reported a change wrote, for the team only: the public `alert` (served by the
    # API and exported) says only that a change was reported, never a worker's words.
    check_note = models.TextField(blank=True)

    class Meta:
        constraints = _unique("service")
        indexes = [
            models.Index(fields=["owner", "name"], name="community_service_name"),
            models.Index(fields=["owner", "last_modified"], name="community_service_modified"),
            models.Index(fields=["owner", "last_checked_at"], name="community_service_checked"),
        ]


class Location(DirectoryRecord):
    location_type = models.CharField(max_length=10, choices=_choices(LOCATION_TYPES))
    name = _text()
    description = _text()
    latitude = _number()
    longitude = _number()
    external_identifier = _text()
    external_identifier_type = _text()
    # Ours, not the standard's: where finding by distance puts it (its latitude and longitude, else its
    # address's postcode centre from a loaded postcode file; community/postcodes.py).
    point_latitude = models.FloatField(null=True, blank=True, editable=False)
    point_longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        constraints = _unique("location")
        indexes = [models.Index(fields=["point_latitude", "point_longitude"], name="location_point")]


class Address(DirectoryRecord):
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses"
    )
    attention = _text()
    address_1 = models.TextField()
    city = models.TextField()
    region = _text()
    state_province = models.TextField()
    postal_code = models.CharField(max_length=20, db_index=True)
    country = models.TextField()
    address_type = models.CharField(max_length=10, choices=_choices(LOCATION_TYPES))

    class Meta:
        constraints = _unique("address")


class Accessibility(DirectoryRecord):
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="accessibility"
    )
    description = _text()
    details = _text()
    url = _text()
    accessibility = _text()

    class Meta:
        constraints = _unique("accessibility")
        verbose_name_plural = "accessibility"


class ServiceAtLocation(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        constraints = _unique("service_at_location")


class Schedule(DirectoryRecord):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True, default="", choices=_choices(FREQUENCIES))
    interval = _number()
    byday = _text()
    bymonthday = _text()
    description = _text()
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = _text()
    attending_type = _text()
    notes = _text()

    class Meta:
        constraints = _unique("schedule")


class ServiceArea(DirectoryRecord):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="service_areas"
    )
    name = _text()
    description = _text()
    extent = _text()
    extent_type = _text()
    uri = _text()
    service_area = _text()

    class Meta:
        constraints = _unique("service_area")


class CostOption(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = _text()
    amount = _number()
    amount_description = _text()

    class Meta:
        constraints = _unique("cost_option")


class Contact(DirectoryRecord):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = _text()
    title = _text()

    class Meta:
        constraints = _unique("contact")


class Phone(DirectoryRecord):
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.TextField()
    description = _text()

    class Meta:
        constraints = _unique("phone")


class Attribute(DirectoryRecord):
    """A taxonomy term attached to a record (`link_id`); `service` is set when that record is a service."""

    link_id = models.CharField(max_length=250)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    link_type = _text()
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes"
    )

    class Meta:
        constraints = _unique("attribute")


class OtherTableRow(DirectoryRecord):
    """A row of a data-package table we do not model (funding.csv, languages.csv, ...), kept as it came."""

    file = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "file", "oruk_id"], name="community_other_row_unique_id")
        ]
        ordering = ["file", "position"]


class DirectorySettings(models.Model):
    """Whether an organisation publishes its directory through the ORUK API, and under what name."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="directory_settings"
    )
    publish_api = models.BooleanField(default=False)
    api_name = models.SlugField(
        max_length=60, unique=True, help_text="The directory's part of the API's address: /api/oruk/NAME/."
    )

    class Meta:
        verbose_name_plural = "directory settings"

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    def __str__(self) -> str:
        return self.api_name


class DirectoryImport(models.Model):
    """One import into an organisation's directory, with its report for every record."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=300)
    format = models.CharField(max_length=20)
    counts = models.JSONField(default=dict)
    report = models.JSONField(default=list, help_text="[table, id, outcome, changed fields] per record.")

    @property
    def audit_organisation_id(self) -> int:
        return self.owner_id

    def __str__(self) -> str:
        return f"Import of {self.source}"


class ConsentHow(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITING = "writing", "In writing or by email"
    MESSAGE = "message", "By text message"


class OpportunityType(models.TextChoices):
    """What kind of opportunity a community link leads to, as a commissioner counts them. Chosen by the
    worker (a contact's is kept on the contact and given to its links); the directory's own taxonomy says
    what a service is about, not this."""

    GROUP = "group", "A group or club"
    COURSE = "course", "A course or class"
    VOLUNTEERING = "volunteering", "Volunteering"
    WORK = "work", "Work, training or work experience"
    SUPPORT = "support", "Advice or support"
    EVENT = "event", "An event or drop-in"
    PLACE = "place", "A place to go (a library, café, park or place of worship)"
    OTHER = "other", "Something else"


class WorkerContact(models.Model):
    """One of a worker's own contacts (a friend in a football team who could be a buddy, a volunteer): not
    a directory entry but a person, so private to the worker unless they share it with their team, and
    kept only with the contact's agreement. Load only through community.contact_getters."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="community_contacts")
    name = models.CharField(max_length=200)
    how_to_reach = models.CharField(
        max_length=300, help_text="A phone number, an email address or where to find them."
    )
    could_offer = models.TextField(
        help_text="What they could offer, e.g. being a buddy at five-a-side on Thursdays."
    )
    consent_on = models.DateField(
        help_text="When they agreed to be kept here and to be introduced to people."
    )
    consent_how = models.CharField(max_length=16, choices=ConsentHow.choices)
    opportunity_type = models.CharField(
        "Type of opportunity",
        max_length=16,
        choices=OpportunityType.choices,
        blank=True,
        default="",
        help_text="Given to the links you make with this contact; you can change a link's own.",
    )
    shared_with_team = models.BooleanField(
        default=False,
        help_text="Let the other workers and managers of your team see and suggest this contact.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "name",
        "how_to_reach",
        "could_offer",
        "consent_on",
        "consent_how",
        "opportunity_type",
        "shared_with_team",
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def audit_subject(self) -> str:
        """The contact's details are a third party's personal data: sealed under their own key."""
        return f"community.contact:{self.pk}"

    @property
    def audit_repr(self) -> str:
        return f"worker contact {self.pk}"


MODELS: dict[str, type[DirectoryRecord]] = {
    "organization": Organization,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "service": Service,
    "location": Location,
    "address": Address,
    "accessibility": Accessibility,
    "service_at_location": ServiceAtLocation,
    "schedule": Schedule,
    "service_area": ServiceArea,
    "cost_option": CostOption,
    "contact": Contact,
    "phone": Phone,
    "attribute": Attribute,
}


class Postcode(models.Model):
    """A postcode's centre, from a postcode file an organisation loaded (e.g. the ONS Postcode Directory;
    we never ship one). Public data, shared by every directory on the server."""

    code = models.CharField(max_length=8, unique=True, help_text="Capitals, no spaces: NB42AB.")
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.code


class UploadState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Checking and importing"
    DONE = "done", "Imported"
    REFUSED = "refused", "Not imported"
    FAILED = "failed", "Stopped"


def _upload_path(upload: DirectoryUpload, filename: str) -> str:
    # Never the uploaded name as a path: the directory's folder, a random name and the kind of file.
    suffix = ".json" if filename.lower().endswith(".json") else ".zip"
    return f"directory-uploads/{upload.owner_id}/{uuid.uuid4().hex}{suffix}"


class DirectoryUpload(models.Model):
    """A data package (.zip) or ORUK JSON file a manager uploaded, imported in the background
    (`import_jobs.run_directory_upload`) through the same checked import as `cpi community import`. Its
    outcome is written in the transaction that imports it, so a job taken again finds it finished; a
    refused file keeps every problem, by row, and nothing of it is written."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    name = models.CharField(max_length=300, help_text="The uploaded file's name.")
    upload = models.FileField(upload_to=_upload_path, max_length=300, blank=True)
    state = models.CharField(max_length=16, choices=UploadState.choices, default=UploadState.QUEUED)
    problems = models.JSONField(default=list, blank=True, help_text="Why it was refused, a line a row.")
    notes = models.JSONField(default=list, blank=True, help_text="The import's notes (what it did not read).")
    message = models.TextField(blank=True, help_text="What stopped the job, in words for the user.")
    result = models.ForeignKey(
        DirectoryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    AUDITED_FIELDS = ("name", "state")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="community_upload_recent")]

    def __str__(self) -> str:
        return f"Upload of {self.name}"

    @property
    def audit_organisation_id(self) -> int:
        return self.owner_id

    @property
    def finished(self) -> bool:
        return self.state in (UploadState.DONE, UploadState.REFUSED, UploadState.FAILED)

"""The fixed vocabulary of fieldwork: sectors of sites, perspectives of participants, kinds of source."""

from django.db import models


class SiteSector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    THIRD_SECTOR = "third_sector", "Third sector"
    SERVICE_USER_LED = "service_user_led", "Service-user-led"
    OTHER = "other", "Other"


class Perspective(models.TextChoices):
    WORKER = "worker", "Worker"
    VOLUNTEER = "volunteer", "Volunteer"
    LINKED_ORGANISATION = "linked_organisation", "Linked organisation"
    INDIVIDUAL = "individual", "Individual accessing services"
    FUNDER = "funder", "Funder"
    MANAGER = "manager", "Manager"


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", "Interview transcript"
    FOCUS_GROUP = "focus_group", "Focus group"
    FIELD_NOTES = "field_notes", "Field notes"
    OBSERVATION = "observation", "Observation"
    SITE_DOCUMENT = "site_document", "Site document"
    PRACTICE_STORY = "practice_story", "Practice story"


class ExcerptKind(models.TextChoices):
    EXAMPLE = "example", "Real-life example"
    TIP = "tip", "Practical tip"
    BARRIER = "barrier", "Barrier"
    QUOTE = "quote", "Quote to use"

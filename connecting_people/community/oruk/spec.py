"""The Open Referral UK tables we model, with the standard's field names, types and references.

Written from the UK profile of HSDS 3.0 (version 3.0 of the profile's API). Each table's `fields` are the
standard's columns other than `id`, in the standard's order; a reference names the table it points at.
Where HSDS 3.0 and the profile name one field differently (an accessibility row's `description` and the
profile's `accessibility`, a service area's `description` and `service_area`), both columns are kept and
each fills the other (`Table.same_as`), so both kinds of reader find it.
Columns and nested objects the standard has but we do not model are kept, not lost: as `extra` on the
record (a JSON object per row) and, for whole tables we do not model, as rows of their own table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

ORUK_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"


class Kind(StrEnum):
    TEXT = "string"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    references: str = ""  # the table this column's identifier points at
    max_length: int = 0  # the longest text the directory keeps (0: any length)


@dataclass(frozen=True)
class Table:
    name: str  # the standard's resource name, e.g. "service_at_location"
    files: tuple[str, ...]  # CSV file names tools use for it, the standard's first
    columns: tuple[Column, ...]
    children: tuple[tuple[str, str], ...] = field(default=())  # (JSON array key, child table)
    # (column, other): a column left empty takes the other's value, where HSDS 3.0 and the UK profile name
    # one thing twice (a service area's `description` and the profile's `service_area`), so a record read
    # in either naming is written back in both.
    same_as: tuple[tuple[str, str], ...] = field(default=())

    @property
    def file(self) -> str:
        return self.files[0]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def references(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.references)


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n) for n in names)


ID_MAX_LENGTH = 250  # the longest identifier the directory keeps
LOCATION_TYPES = ("physical", "postal", "virtual")
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
FREQUENCIES = ("WEEKLY", "MONTHLY")

# In the order they are written: a table comes after every table it references.
TABLES: tuple[Table, ...] = (
    Table(
        "organization",
        ("organizations.csv",),
        (
            Column("name", required=True),
            Column("description", required=True),
            *_text("email", "website", "logo", "uri", "parent_organization_id"),
        ),
    ),
    Table(
        "taxonomy",
        ("taxonomies.csv", "taxonomy.csv"),
        (Column("name", required=True), Column("description", required=True), *_text("uri", "version")),
    ),
    Table(
        "taxonomy_term",
        ("taxonomy_terms.csv",),
        (
            Column("name", required=True),
            Column("description", required=True),
            Column("parent_id"),
            Column("taxonomy"),
            Column("taxonomy_id", max_length=ID_MAX_LENGTH),
            *_text("term_uri", "term"),
        ),
        # The profile's `term` is "the taxonomy term itself", as `name` is: a feed giving only `term` is read.
        same_as=(("name", "term"),),
    ),
    Table(
        "service",
        ("services.csv",),
        (
            Column("organization_id", required=True, references="organization"),
            Column("name", required=True),
            *_text("description", "url", "email"),
            Column("status", required=True, choices=SERVICE_STATUSES),
            *_text("fees", "accreditations"),
            Column("minimum_age", Kind.NUMBER),
            Column("maximum_age", Kind.NUMBER),
            Column("assured_date", Kind.DATE),
            *_text("assurer_email", "alert"),
            Column("last_modified", Kind.DATETIME),
        ),
        children=(
            ("schedules", "schedule"),
            ("service_areas", "service_area"),
            ("service_at_locations", "service_at_location"),
            ("cost_options", "cost_option"),
            ("contacts", "contact"),
            ("attributes", "attribute"),
        ),
    ),
    Table(
        "location",
        ("locations.csv",),
        (
            Column("location_type", required=True, choices=LOCATION_TYPES),
            *_text("name", "description"),
            Column("latitude", Kind.NUMBER),
            Column("longitude", Kind.NUMBER),
            *_text("external_identifier", "external_identifier_type"),
        ),
        children=(("addresses", "address"), ("accessibility", "accessibility")),
    ),
    Table(
        "address",
        ("addresses.csv", "address.csv"),
        (
            Column("location_id", references="location"),
            Column("attention"),
            Column("address_1", required=True),
            Column("city", required=True),
            Column("region"),
            Column("state_province", required=True),
            Column("postal_code", required=True, max_length=20),
            Column("country", required=True),
            Column("address_type", required=True, choices=LOCATION_TYPES),
        ),
    ),
    Table(
        "accessibility",
        ("accessibility.csv",),
        (
            Column("location_id", references="location"),
            *_text("description", "details", "url", "accessibility"),
        ),
        same_as=(("description", "accessibility"), ("accessibility", "description")),
    ),
    Table(
        "service_at_location",
        ("service_at_locations.csv", "service_at_location.csv"),
        (
            Column("service_id", required=True, references="service"),
            Column("location_id", required=True, references="location"),
        ),
        # When the service runs at this place (a council feed nests them here as often as in the service).
        children=(("schedules", "schedule"),),
    ),
    Table(
        "schedule",
        ("schedules.csv", "schedule.csv"),
        (
            Column("service_id", references="service"),
            Column("service_at_location_id", references="service_at_location"),
            Column("valid_from", Kind.DATE),
            Column("valid_to", Kind.DATE),
            Column("dtstart", Kind.DATE),
            Column("freq", choices=FREQUENCIES),
            Column("interval", Kind.NUMBER),
            *_text("byday", "bymonthday", "description"),
            Column("opens_at", Kind.TIME),
            Column("closes_at", Kind.TIME),
            *_text("schedule_link", "attending_type", "notes"),
        ),
    ),
    Table(
        "service_area",
        ("service_areas.csv",),
        (
            Column("service_id", references="service"),
            *_text("name", "description", "extent", "extent_type", "uri", "service_area"),
        ),
        same_as=(("description", "service_area"), ("service_area", "description")),
    ),
    Table(
        "cost_option",
        ("cost_options.csv",),
        (
            Column("service_id", required=True, references="service"),
            Column("valid_from", Kind.DATE),
            Column("valid_to", Kind.DATE),
            Column("option"),
            Column("amount", Kind.NUMBER),
            Column("amount_description"),
        ),
    ),
    Table(
        "contact",
        ("contacts.csv",),
        (Column("service_id", references="service"), *_text("name", "title")),
        children=(("phones", "phone"),),
    ),
    Table(
        "phone",
        ("phones.csv",),
        (Column("contact_id", references="contact"), Column("number", required=True), Column("description")),
    ),
    Table(
        "attribute",
        ("attributes.csv", "attribute.csv"),
        (
            Column("link_id", required=True, max_length=ID_MAX_LENGTH),
            Column("taxonomy_term_id", required=True, references="taxonomy_term"),
            Column("link_type"),
        ),
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
BY_FILE: dict[str, Table] = {f: t for t in TABLES for f in t.files}
# Tables without which a data package is not a directory.
REQUIRED_TABLES = ("organization", "service")

"""The forms a manager keeps the directory with: uploading a file, publishing the API, and an entry's page,
made of one form per ORUK table with the table's name as its prefix and the standard's field names
(`service-name`, `address-postal_code`, `schedule-0-byday`, `cost_option-amount`, `phone-number`), so what
a manager types lands in the field of the same name in an export."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator, URLValidator
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.text import slugify

from connecting_people.accounts.models import Organisation
from connecting_people.lib.forms import ModelMultipleChoiceField, model_choice_field

from . import postcodes
from .entries import (
    ADDRESS_FIELDS,
    REPORTED,
    WEEKS,
    Entry,
    NewOrganization,
    Place,
    ScheduleLine,
    access_lines,
    byday_of,
    entry_schedules,
    first_address,
    first_contact,
    first_cost,
    first_link,
    first_phone,
    schedule_fields,
    service_terms,
)
from .find import DAYS, schedule_words
from .models import DirectorySettings, Organization, Schedule, Service, TaxonomyTerm

STATUSES = [
    ("active", "Running"),
    ("temporarily closed", "Temporarily closed"),
    ("inactive", "Not running"),
    ("defunct", "Closed for good"),
]


def size_words(size: int) -> str:
    """A file's size as a person reads it: "120 bytes", "8.5 KB", "100 MB" (1 KB = 1,024 bytes)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} byte{'' if size == 1 else 's'}"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Data package or ORUK JSON file",
        validators=[FileExtensionValidator(["zip", "json"], "Choose a .zip data package or a .json file.")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A data package as a .zip (the CSV files with their datapackage.json), or an Open Referral UK "
            ".json file as a council’s API serves it; "
            f"at most {size_words(settings.DIRECTORY_UPLOAD_MAX_BYTES)}."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.DIRECTORY_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {size_words(upload.size)}; the limit is {size_words(limit)}. Split the "
                "directory, or import it with cpi community import."
            )
        return upload


class PublishForm(forms.Form):
    api_name = forms.SlugField(
        max_length=60,
        label="Name in the address",
        help_text="Small letters, numbers and hyphens: the directory’s part of /api/oruk/NAME/.",
    )

    def __init__(self, *args: Any, owner: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_api_name(self) -> str:
        name: str = self.cleaned_data["api_name"]
        if DirectorySettings.objects.filter(api_name=name).exclude(organisation=self.owner).exists():
            raise forms.ValidationError("Another organisation’s directory has this name. Choose another.")
        return name


def suggested_api_name(owner: Organisation) -> str:
    return slugify(owner.name)[:60] or "directory"


class OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class TermChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.name


def _text(label: str, *, required: bool = False, max_length: int = 300, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


WEBSITE_MESSAGE = "Enter the website’s address, starting http:// or https://, e.g. https://example.org."


class WebsiteField(forms.URLField):
    """A web address people can open: http or https only (never javascript:, data: or ftp:); an address
    typed without one is taken as https."""

    default_validators = [URLValidator(schemes=["http", "https"], message=WEBSITE_MESSAGE)]
    default_error_messages = {"invalid": WEBSITE_MESSAGE}

    def __init__(self, *, label: str, help_text: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(label=label, help_text=help_text, assume_scheme="https", **kwargs)


class ProviderEmailField(forms.EmailField):
    """An organisation's or entry's email address, optional, with an example in the message."""

    default_error_messages = {"invalid": "Enter an email address, e.g. hello@example.org."}

    def __init__(self, *, label: str, help_text: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 254)
        super().__init__(label=label, help_text=help_text, **kwargs)


class ServiceForm(forms.Form):
    name = _text("Name", required=True, help_text="What people would call it, e.g. Community choir.")
    description = _text(
        "What happens there",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In a few sentences, for a worker to read out.",
    )
    status = forms.ChoiceField(label="Running now?", choices=STATUSES, initial="active")
    url = WebsiteField(label="Website")
    email = ProviderEmailField(label="Email")
    minimum_age = forms.IntegerField(label="Youngest age", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Oldest age", required=False, min_value=0, max_value=120)
    alert = _text(
        "Notice",
        max_length=500,
        help_text="Something people should know now, e.g. Closed in August.",
    )
    attributes = TermChoices(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Interests and needs it suits",
    )

    def __init__(self, *args: Any, owner: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "attributes").queryset = TaxonomyTerm.objects.filter(owner=owner).order_by(
            "name", "id"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", "The oldest age cannot be below the youngest.")
        return data


class OrganizationForm(forms.Form):
    organization = OrganizationChoice(
        queryset=Organization.objects.none(),
        required=False,
        label="Organisation that runs it",
        empty_label="A new organisation (name it below)",
        help_text="Choose it from your directory, or name a new one below.",
    )
    name = _text("Name of a new organisation")
    description = _text(
        "What the new organisation does",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A line is enough; the standard asks for one.",
    )
    website = WebsiteField(label="Website of the new organisation", help_text="e.g. https://example.org")
    email = ProviderEmailField(
        label="Email of the new organisation", help_text="For people to write to it, e.g. hello@example.org."
    )

    def __init__(self, *args: Any, owner: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = Organization.objects.filter(owner=owner).order_by(
            "name", "id"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen, name = data.get("organization"), data.get("name", "").strip()
        if "organization" not in data:
            return data
        if chosen is not None:
            for field in ("name", "description", "website", "email"):
                if data.get(field, "").strip():
                    self.add_error(field, "Leave this empty when you choose an organisation above.")
        elif chosen is None and not name:
            self.add_error("organization", "Choose the organisation that runs it, or name a new one below.")
        elif chosen is None and not data.get("description", "").strip():
            self.add_error("description", "Say in a line what the new organisation does.")
        return data

    def runs_it(self) -> Organization | NewOrganization:
        data = self.cleaned_data
        chosen: Organization | None = data.get("organization")
        return chosen or NewOrganization(
            data["name"].strip(), data["description"].strip(), data["website"], data["email"]
        )


class ProviderForm(forms.Form):
    """The website and email of an organisation that runs entries."""

    website = WebsiteField(label="Website", help_text="e.g. https://example.org")
    email = ProviderEmailField(
        label="Email", help_text="For people to write to the organisation, e.g. hello@example.org."
    )


class LocationForm(forms.Form):
    name = _text("Name of the place", help_text="e.g. Mill Lane Hall.")
    accessibility = _text(
        "Accessibility",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One thing a line, e.g. Step-free access. Workers can find entries by these.",
    )

    def clean_accessibility(self) -> tuple[str, ...]:
        lines = (" ".join(line.split()) for line in self.cleaned_data.get("accessibility", "").splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))


class AddressForm(forms.Form):
    address_1 = _text("Street", help_text="The number and street, e.g. 12 Mill Lane.")
    city = _text("Town or village")
    state_province = _text("County or area", help_text="e.g. Cornwall.")
    postal_code = _text("Postcode", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    country = _text("Country code", max_length=2, initial="GB", help_text="GB for the United Kingdom.")

    def clean_postal_code(self) -> str:
        written = " ".join(self.cleaned_data.get("postal_code", "").split()).upper()
        if written and not postcodes.looks_like_postcode(written):
            raise forms.ValidationError("Enter a postcode such as NB4 2AB.")
        code = postcodes.normalise(written)
        return f"{code[:-3]} {code[-3:]}" if code else ""

    def clean_country(self) -> str:
        return self.cleaned_data.get("country", "").strip().upper()

    def address(self) -> dict[str, str]:
        """The address's fields, or an empty dict when none was given."""
        values = {name: self.cleaned_data.get(name, "").strip() for name in ADDRESS_FIELDS}
        return values if any(v for k, v in values.items() if k != "country") else {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.address():
            return data
        for name, words in [
            ("address_1", "Give the number and street."),
            ("city", "Give the town or village."),
            ("state_province", "Give the county or area."),
            ("postal_code", "Give the postcode."),
            ("country", "Give the country code (GB)."),
        ]:
            if name in data and not data[name]:
                self.add_error(name, words)
        return data


class ScheduleChoice(forms.ModelChoiceField):
    widget = forms.HiddenInput


class ScheduleLineForm(forms.Form):
    """One time the entry runs. A schedule the fields cannot hold (every other week, dates of the month)
    shows in words and is kept as it is, unless removed."""

    schedule = ScheduleChoice(queryset=Schedule.objects.none(), required=False)
    byday = forms.MultipleChoiceField(
        label="Days", choices=list(DAYS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    week = forms.ChoiceField(
        label="Which weeks",
        choices=[(k, v if k == "" else f"{v} of the month") for k, v in WEEKS.items()],
        required=False,
    )
    opens_at = forms.TimeField(label="From", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label="To", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    description = _text("In words", max_length=500, help_text="e.g. Term time only, or Ring to book.")

    def __init__(self, *args: Any, schedules: QuerySet[Schedule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "schedule").queryset = schedules
        self.words = str(self.initial.get("words", ""))
        self.kept = bool(self.initial.get("kept"))
        if self.kept:
            for name in ("byday", "week", "opens_at", "closes_at", "description"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kept or data.get("DELETE"):
            return data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if (opens is None) != (closes is None) and "opens_at" in data and "closes_at" in data:
            self.add_error("closes_at" if closes is None else "opens_at", "Give both times, or neither.")
        elif opens is not None and closes is not None and closes <= opens:
            self.add_error("closes_at", "The end must be after the start.")
        if data.get("week") and not data.get("byday"):
            self.add_error("byday", "Choose the day of the week, e.g. the first Monday.")
        if not data.get("byday") and not data.get("description") and self.initial.get("schedule"):
            self.add_error("byday", "Choose the days or say when in words, or tick Remove this time.")
        return data

    def line(self) -> ScheduleLine | None:
        """What to write, or None for an empty new line."""
        data = self.cleaned_data
        schedule: Schedule | None = data.get("schedule")
        if schedule is None and (data.get("DELETE") or not self.has_changed()):
            return None
        if self.kept or data.get("DELETE"):
            return ScheduleLine(schedule, delete=bool(data.get("DELETE")), kept=self.kept)
        byday, freq = byday_of(data.get("byday") or [], data.get("week") or "")
        return ScheduleLine(
            schedule,
            byday=byday,
            freq=freq,
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            description=data.get("description", "").strip(),
        )


class BaseScheduleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            schedule = getattr(form, "cleaned_data", {}).get("schedule")
            if schedule is not None and schedule.pk in seen:
                raise forms.ValidationError("The same time is given twice. Reload the page and try again.")
            if schedule is not None:
                seen.add(schedule.pk)


ScheduleFormSet = formset_factory(
    ScheduleLineForm, formset=BaseScheduleFormSet, extra=1, can_delete=True, max_num=50, validate_max=True
)


class CostForm(forms.Form):
    amount = forms.DecimalField(
        label="Cost each time, in pounds",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        help_text="Leave it empty if it is free.",
    )
    amount_description = _text("What the cost covers", help_text="e.g. Tea and biscuits; £1 for carers.")


class ContactForm(forms.Form):
    name = _text("Who to ask for", help_text="e.g. Sam Penrose, or The group organiser.")
    title = _text("Their role")


class PhoneForm(forms.Form):
    number = _text(
        "Phone", max_length=40, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
    )

    def clean_number(self) -> str:
        number = " ".join(self.cleaned_data.get("number", "").split())
        if number and not re.fullmatch(r"[0-9+() -]{6,40}", number):
            raise forms.ValidationError("Enter a phone number, e.g. 01632 960000.")
        return number


def initial_for(service: Service | None) -> dict[str, dict[str, Any] | list[dict[str, Any]]]:
    """What each of the entry's forms starts with: the entry as it is, or a new entry's defaults."""
    if service is None:
        return {"service": {"status": "active"}, "address": {"country": "GB"}, "schedule": []}
    values: dict[str, dict[str, Any] | list[dict[str, Any]]] = {}
    values["service"] = {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "url": service.url,
        "email": service.email,
        "minimum_age": _whole(service.minimum_age),
        "maximum_age": _whole(service.maximum_age),
        # A worker's report is shown above the form; saving clears it (actions.do_save_entry).
        "alert": "" if service.alert.startswith(REPORTED) else service.alert,
        "attributes": [t.pk for t in service_terms(service)],
    }
    values["organization"] = {"organization": service.organization_id}
    link = first_link(service)
    address = first_address(link.location) if link is not None else None
    if link is not None:
        values["location"] = {
            "name": link.location.name,
            "accessibility": "\n".join(access_lines(link.location)),
        }
    values["address"] = (
        {name: getattr(address, name) for name in ADDRESS_FIELDS} if address else {"country": "GB"}
    )
    lines: list[dict[str, Any]] = []
    for schedule in entry_schedules(service):
        fields = schedule_fields(schedule)
        words = schedule_words(schedule) or "No days or times given"
        lines.append({"schedule": schedule.pk, "words": words, **(fields or {"kept": True})})
    values["schedule"] = lines
    cost = first_cost(service)
    if cost is not None:
        values["cost_option"] = {
            "amount": None if cost.amount is None else Decimal(str(cost.amount)).quantize(Decimal("0.01")),
            "amount_description": cost.amount_description,
        }
    contact = first_contact(service)
    if contact is not None:
        values["contact"] = {"name": contact.name, "title": contact.title}
        phone = first_phone(contact)
        values["phone"] = {"number": phone.number if phone else ""}
    return values


def _whole(value: object) -> int | None:
    return None if value is None else int(Decimal(str(value)))


class EntryForms:
    """The forms of an entry's page, checked together and turned into one `Entry`."""

    def __init__(self, data: Any, owner: Organisation, service: Service | None = None) -> None:
        self.service_instance = service
        initial = initial_for(service)

        def start(name: str) -> dict[str, Any]:
            value = initial.get(name, {})
            return value if isinstance(value, dict) else {}

        self.service = ServiceForm(data, prefix="service", initial=start("service"), owner=owner)
        self.organization = OrganizationForm(
            data, prefix="organization", initial=start("organization"), owner=owner
        )
        self.location = LocationForm(data, prefix="location", initial=start("location"))
        self.address = AddressForm(data, prefix="address", initial=start("address"))
        schedules = entry_schedules(service) if service is not None else Schedule.objects.none()
        lines = initial["schedule"]
        self.schedules = ScheduleFormSet(
            data,
            prefix="schedule",
            initial=lines if isinstance(lines, list) else [],
            form_kwargs={"schedules": schedules},
        )
        self.cost = CostForm(data, prefix="cost_option", initial=start("cost_option"))
        self.contact = ContactForm(data, prefix="contact", initial=start("contact"))
        self.phone = PhoneForm(data, prefix="phone", initial=start("phone"))

    @property
    def forms(self) -> list[forms.Form]:
        return [
            self.service,
            self.organization,
            self.location,
            self.address,
            self.cost,
            self.contact,
            self.phone,
        ]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.forms] + [self.schedules.is_valid()])
        service = self.service_instance
        if valid and self._place() is None:
            if service is not None and first_link(service) is not None:
                self.location.add_error(
                    "name", "Keep the place’s name or address: if it moved, give where it meets now."
                )
                valid = False
            elif self.location.cleaned_data.get("accessibility"):
                self.location.add_error("name", "Name the place, or give its address, for its accessibility.")
                valid = False
        return valid

    def _place(self) -> Place | None:
        name = self.location.cleaned_data.get("name", "").strip()
        address = self.address.address()
        lines = self.location.cleaned_data.get("accessibility", ())
        if not name and not address:
            return None
        return Place(name=name, address=address, accessibility=tuple(lines))

    def errors(self) -> list[tuple[str, str]]:
        """Every problem for the summary at the top: (the field's id, the label and message)."""
        found: list[tuple[str, str]] = []
        for form in [*self.forms, *self.schedules.forms]:
            for error in form.non_field_errors():
                found.append(("", str(error)))
            for field in form:
                for error in field.errors:
                    found.append((field.auto_id or "", f"{field.label}: {error}"))
        for error in self.schedules.non_form_errors():
            found.append(("", str(error)))
        return found

    def entry(self) -> Entry:
        """The entry the valid forms give."""
        data = self.service.cleaned_data
        service: dict[str, Any] = {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "status": data["status"],
            "url": data["url"],
            "email": data["email"],
            "minimum_age": data["minimum_age"],
            "maximum_age": data["maximum_age"],
            "alert": data["alert"].strip(),
        }
        lines = [form.line() for form in self.schedules.forms]
        return Entry(
            service=service,
            organization=self.organization.runs_it(),
            place=self._place(),
            schedules=tuple(line for line in lines if line is not None),
            amount=self.cost.cleaned_data["amount"],
            amount_description=self.cost.cleaned_data["amount_description"].strip(),
            terms=tuple(data["attributes"]),
            contact={k: self.contact.cleaned_data[k].strip() for k in ("name", "title")},
            phone=self.phone.cleaned_data["number"],
        )

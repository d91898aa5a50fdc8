"""Forms for a person's community links: one the directory does not hold or one of the worker's own
contacts, moving a link on, stopping it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from connecting_people.community.models import OpportunityType, WorkerContact
from connecting_people.lib.forms import DateField, DateInput, choice_field, model_choice_field

from .models import CommunityLink, StopReason

FOLLOW_UP_HELP = "When to ask how it is going; it appears on your start page from a week before."


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: WorkerContact) -> str:
        return f"{obj.name}: {obj.could_offer[:60]}"


class LinkNewForm(forms.Form):
    contact = ContactChoice(
        queryset=WorkerContact.objects.none(),
        required=False,
        label="One of your contacts",
        help_text="Yours, or one your team shares. Leave empty to name something else below.",
    )
    name = forms.CharField(
        max_length=200,
        required=False,
        label="Or the opportunity",
        help_text="A group, activity or place the directory does not list, in a few words.",
    )
    opportunity_type = forms.ChoiceField(
        choices=[("", "Choose…"), *OpportunityType.choices],
        required=False,
        label="Type of opportunity",
        help_text="For the count your manager reports. With a contact, leave it to use the contact's own.",
    )
    follow_up_on = DateField(
        required=False, widget=DateInput(), label="Follow up on", help_text=FOLLOW_UP_HELP
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")

    def __init__(self, *args: Any, contacts: QuerySet[WorkerContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "contact").queryset = contacts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact") and data.get("name", "").strip():
            self.add_error("name", "Choose a contact or name something else, not both.")
        elif not data.get("contact") and not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", "Choose one of your contacts or name the opportunity.")
        contact = data.get("contact")
        if not data.get("opportunity_type") and not (contact and contact.opportunity_type):
            self.add_error("opportunity_type", "Choose the type of opportunity.")
        return data


class LinkTypeForm(forms.Form):
    opportunity_type = forms.ChoiceField(
        choices=[("", "Not recorded"), *OpportunityType.choices], required=False, label="Type of opportunity"
    )


class LinkMoveForm(forms.Form):
    state = forms.ChoiceField(label="Move on to")
    follow_up_on = DateField(required=False, widget=DateInput(), label="Follow up on")
    note = forms.CharField(required=False, max_length=2000, label="Note")

    def __init__(self, *args: Any, link: CommunityLink, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "state").choices = link.later_states


class LinkStopForm(forms.Form):
    stop_reason = forms.ChoiceField(choices=StopReason.choices, label="Why it stopped")
    note = forms.CharField(required=False, max_length=2000, label="In a few words")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stop_reason") == StopReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", "Say in a few words why it stopped.")
        return data

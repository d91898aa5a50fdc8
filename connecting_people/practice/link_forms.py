"""Forms for a person's community links: one the directory does not hold, moving a link on, stopping it."""

from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.lib.forms import DateInput, choice_field

from .models import CommunityLink, StopReason

FOLLOW_UP_HELP = "When to ask how it is going; it appears on your start page from a week before."


class LinkNewForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="The opportunity",
        help_text="A group, activity or place the directory does not list, in a few words.",
    )
    follow_up_on = forms.DateField(
        required=False, widget=DateInput(), label="Follow up on", help_text=FOLLOW_UP_HELP
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")


class LinkMoveForm(forms.Form):
    state = forms.ChoiceField(label="Move on to")
    follow_up_on = forms.DateField(required=False, widget=DateInput(), label="Follow up on")
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

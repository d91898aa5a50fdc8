"""Forms for the work itself: sessions, goals and their actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from connecting_people.interventions.getters import latest_published_components
from connecting_people.interventions.models import Component
from connecting_people.interventions.parts import part_rank
from connecting_people.lib.forms import DateField, DateInput, ModelMultipleChoiceField, model_choice_field

from .models import CommunityLink, Goal, GoalAction, LinkState, Session


class SessionComponentsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return f"{obj.get_part_display()} · {obj.title}"


class LinksField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: CommunityLink) -> str:
        return f"{obj.name} ({obj.get_state_display().lower()})"


class SessionForm(forms.ModelForm):
    components = SessionComponentsField(
        queryset=Component.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Parts of the model worked on",
    )
    links = LinksField(
        queryset=CommunityLink.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Community links worked on",
    )

    class Meta:
        field_classes = {"date": DateField}
        model = Session
        fields = [
            "date",
            "status",
            "minutes",
            "place",
            "who_took_part",
            "shared_notes",
            "private_reflections",
            "remember_next",
        ]
        widgets = {
            "date": DateInput(),
            "shared_notes": forms.Textarea(attrs={"rows": 4}),
            "private_reflections": forms.Textarea(attrs={"rows": 3}),
            "remember_next": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "shared_notes": "The person can read these.",
            "private_reflections": "Only staff see these: never shown to the person.",
        }
        labels = {
            "minutes": "Length (minutes)",
            "shared_notes": "Shared notes",
            "private_reflections": "Private reflections (staff only)",
            "remember_next": "Remember for next time",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.initial.get("date") is None:  # a new session: today
            self.initial["date"] = timezone.localdate()
        offered = latest_published_components()
        if self.instance.pk:
            offered += [c for c in self.instance.components.all() if c not in offered]
        field = model_choice_field(self, "components")
        field.queryset = (
            Component.objects.filter(pk__in=[c.pk for c in offered])
            .select_related("version")
            .alias(part_rank=part_rank())
            .order_by("part_rank", "order")
        )
        if self.instance.pk:
            field.initial = list(self.instance.components.all())
        # The person's links that have not stopped, and any this session already names.
        named = list(self.instance.links.values_list("pk", flat=True)) if self.instance.pk else []
        offered_links = CommunityLink.objects.filter(person_id=self.instance.person_id).filter(
            ~Q(state=LinkState.STOPPED) | Q(pk__in=named)
        )
        if offered_links.exists():
            links = model_choice_field(self, "links")
            links.queryset = offered_links.order_by("name", "id")
            links.initial = named
        else:
            del self.fields["links"]

    def chosen_links(self) -> list[CommunityLink] | None:
        """The links chosen, or None when the person has none to offer (the session's stay as they are)."""
        return list(self.cleaned_data["links"]) if "links" in self.fields else None


class GoalForm(forms.ModelForm):
    class Meta:
        field_classes = {"review_on": DateField}
        model = Goal
        fields = ["own_words", "title", "status", "review_on"]
        widgets = {"own_words": forms.Textarea(attrs={"rows": 3}), "review_on": DateInput()}
        labels = {"own_words": "The goal, in the person's own words", "review_on": "Review on"}


class ActionForm(forms.ModelForm):
    class Meta:
        field_classes = {"due_on": DateField}
        model = GoalAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}
        labels = {"description": "Next step", "owner": "Who will do it", "due_on": "By"}

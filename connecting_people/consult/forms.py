from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify

from connecting_people.guide.models import Draft
from connecting_people.interventions.models import ModelVersion
from connecting_people.lib.forms import model_choice_field

from .aggregate import DEFAULT_MINIMUM
from .models import DEFAULT_QUESTIONS, Offer, ReviewerPerspective, Round


class DraftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Draft) -> str:
        return f"{obj.guide.title}, draft {obj.number}"


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ModelVersion) -> str:
        return f"{obj.model.name} {obj.label} ({obj.get_status_display().lower()})"


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return obj.title


class RoundForm(forms.ModelForm):
    question_lines = forms.CharField(
        label="Questions asked of every section, one per line",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each is rated from 1 to 5, or not applicable.",
    )
    closes_at = forms.DateTimeField(
        label="Deadline (dd/mm/yyyy hh:mm)", input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y"]
    )
    opens_at = forms.DateTimeField(
        label="Opens (dd/mm/yyyy hh:mm)", input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y"]
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "draft",
            "version",
            "follows",
            "opens_at",
            "closes_at",
            "consensus",
            "minimum_ratings",
            "reminder_days",
        ]
        labels = {
            "draft": "Draft of the guide",
            "version": "Or a version of the model",
            "follows": "Follows round (for a Delphi round)",
            "consensus": "Consensus: share rating 4 or 5",
            "minimum_ratings": "Fewest ratings per question for a verdict",
            "reminder_days": "Remind this many days before the deadline",
        }
        field_classes = {"draft": DraftChoiceField, "version": VersionChoiceField}

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "draft").queryset = Draft.objects.filter(guide__team_id=team_id).defer(
            "snapshot"
        )
        model_choice_field(self, "version").queryset = ModelVersion.objects.select_related("model")
        model_choice_field(self, "follows").queryset = Round.objects.filter(team_id=team_id)
        self.fields["consensus"].widget.attrs.update(min="0.5", max="1", step="0.05")
        self.fields["minimum_ratings"].required = False  # left empty: the default of five
        self.fields["minimum_ratings"].widget.attrs.update(min="1", max="1000")
        self.fields["question_lines"].initial = "\n".join(
            q["label"] for q in (self.instance.questions or DEFAULT_QUESTIONS)
        )

    def clean_question_lines(self) -> list[dict[str, str]]:
        labels = [line.strip() for line in self.cleaned_data["question_lines"].splitlines() if line.strip()]
        if not 1 <= len(labels) <= 8:
            raise forms.ValidationError("Ask between one and eight questions.")
        if any(len(label) > 120 for label in labels):
            raise forms.ValidationError("Keep each question to 120 characters.")
        questions, keys = [], set()
        for label in labels:
            key = slugify(label)[:40] or "question"
            while key in keys:
                key += "-2"
            keys.add(key)
            questions.append({"key": key, "label": label})
        return questions

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("draft")) == bool(data.get("version")):
            raise forms.ValidationError(
                "Choose either a draft of the guide or a version of the model to consult on."
            )
        return data

    def clean_minimum_ratings(self) -> int:
        value = self.cleaned_data["minimum_ratings"]
        if value is None:
            return DEFAULT_MINIMUM
        if not 1 <= value <= 1000:
            raise forms.ValidationError("Give a whole number of ratings from 1 to 1000.")
        return value

    def clean_consensus(self) -> float:
        value = self.cleaned_data["consensus"]
        if not 0.5 <= value <= 1:
            raise forms.ValidationError("Give a share between 0.5 and 1 (0.7 means 70%).")
        return value


class InviteForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    perspective = forms.ChoiceField(choices=ReviewerPerspective.choices)


class InviteFileForm(forms.Form):
    file = forms.FileField(label="CSV file with the columns name, email, perspective")


class OfferForm(forms.ModelForm):
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Offer
        fields = ["round", "name", "email", "perspective", "about"]
        labels = {
            "about": "A few words about you and what you would like to comment on (optional)",
            "perspective": "Your perspective",
            "round": "Which consultation",
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}
        field_classes = {"round": RoundChoiceField}

    def __init__(self, *args: Any, open_rounds: QuerySet[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "round")
        field.queryset, field.required, field.empty_label = open_rounds, True, None

    def clean_about(self) -> str:
        text = self.cleaned_data.get("about", "").strip()
        if len(text) > 1000:
            raise forms.ValidationError("Please keep this to 1,000 characters.")
        return text


NOT_APPLICABLE = "na"


class WholeSectionForm(forms.Form):
    """One rating for every question of a section: 1 to 5, or not applicable."""

    section = forms.CharField(max_length=80)
    value = forms.ChoiceField(
        choices=[(str(n), str(n)) for n in range(1, 6)] + [(NOT_APPLICABLE, "Not applicable")],
        error_messages={
            "required": "Choose a rating from 1 to 5, or not applicable.",
            "invalid_choice": "Ratings go from 1 to 5, or not applicable.",
        },
    )

    def clean_value(self) -> int | None:
        raw = self.cleaned_data["value"]
        return None if raw == NOT_APPLICABLE else int(raw)

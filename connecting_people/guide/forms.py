from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.fieldwork.models import Excerpt, Site
from connecting_people.interventions.models import ModelVersion
from connecting_people.lib.forms import choice_field, model_choice_field

from .gold import Scale
from .models import Example, Group, Guide, Procedure, Section


class PublishedVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ModelVersion) -> str:
        return f"{obj.model.name} {obj.label}"


class NewGuideForm(forms.Form):
    version = PublishedVersionField(
        queryset=ModelVersion.objects.none(),
        label="Version of the model",
        help_text="The guide has a section for each of its components.",
    )
    title = forms.CharField(max_length=200, initial="The Connecting People guide")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "version").queryset = ModelVersion.objects.filter(
            status="published"
        ).select_related("model")


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "foreword"]
        widgets = {"foreword": forms.Textarea(attrs={"rows": 6, "data-preview": "foreword-preview"})}
        labels = {"foreword": "Foreword (Markdown)"}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["introduction", "good_practice"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8, "data-preview": "introduction-preview"}),
            "good_practice": forms.Textarea(attrs={"rows": 6, "data-preview": "good-preview"}),
        }
        labels = {
            "introduction": "Introduction (Markdown)",
            "good_practice": "What good looks like (Markdown)",
        }


class ExampleForm(forms.ModelForm):
    class Meta:
        model = Example
        fields = ["group", "wording", "attribution"]
        widgets = {"wording": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "group": "Show it under",
            "wording": "Published wording",
            "attribution": "Attributed to (role and setting, never a name)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "group").choices = Group.choices
        self.fields["wording"].error_messages["required"] = (
            "The published wording cannot be empty; take the example out instead."
        )


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "data-preview": "procedure-preview"})}
        labels = {"text": "How the gold-standard organisation does this (Markdown)"}


class SiteRatingForm(forms.Form):
    site = forms.TypedChoiceField(coerce=int, label="Site")
    score = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Rating")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (optional)")
    excerpts = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence that justifies the rating",
    )

    def __init__(
        self, *args: Any, sites: list[Site], scale: Scale, excerpts: list[Excerpt], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "site").choices = [(s.pk, s.name) for s in sites]
        choice_field(self, "score").choices = scale.choices()
        choice_field(self, "excerpts").choices = [
            (e.pk, f"{e.source.site.name if e.source.site else 'Inbox (no site yet)'}: {e.text[:140]}")
            for e in excerpts
        ]
        self.site_of = {e.pk: e.source.site_id for e in excerpts}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        site = data.get("site")
        wrong = [pk for pk in data.get("excerpts", []) if self.site_of.get(pk) != site]
        if site and wrong:
            self.add_error("excerpts", "Choose evidence from the site you are rating.")
        return data

from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.fieldwork.models import Excerpt, Site
from connecting_people.interventions.models import Component, ModelVersion
from connecting_people.interventions.parts import part_rank
from connecting_people.lib.forms import (
    DateField,
    DateInput,
    ModelMultipleChoiceField,
    choice_field,
    model_choice_field,
)

from .front import voice
from .gold import Scale
from .models import Example, GoldProfile, Group, Guide, JourneyStage, PlannedAction, Procedure, Section
from .tools import CHOICES as TOOL_CHOICES


def markdown_area(rows: int, preview: str) -> forms.Textarea:
    """A Markdown box whose live preview is the element with id `preview` (core/static/cpi/preview.js)."""
    return forms.Textarea(attrs={"rows": rows, "data-preview": preview})


def previewed(**rows: int) -> dict[str, forms.Widget]:
    """Markdown boxes for a ModelForm's fields, each previewed in "<field>-preview", by number of rows."""
    return {name: markdown_area(count, f"{name}-preview") for name, count in rows.items()}


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


class LinesField(forms.CharField):
    """A list of texts edited one a line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return [" ".join(line.split()) for line in str(value or "").splitlines() if line.strip()]


class GlossaryField(LinesField):
    """Glossary entries edited one a line as "term: definition"."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{term}: {text}" for term, text in value)
        return value

    def to_python(self, value: Any) -> list[list[str]]:  # type: ignore[override]
        entries = []
        for line in super().to_python(value):
            term, colon, text = line.partition(":")
            if not colon or not term.strip() or not text.strip():
                raise forms.ValidationError(
                    "Write each entry on its own line as the term, a colon, then what it means, "
                    "e.g. “Social capital: the resources a person can reach through people they know”.",
                )
            entries.append([term.strip(), text.strip()])
        return entries


class GuideForm(forms.ModelForm):
    """The guide's title and front matter, with an introduction for each part of its model."""

    key_messages = LinesField(required=False, label="Key messages", help_text="One a line.")
    glossary = GlossaryField(
        required=False, label="Glossary", help_text="One entry a line: the term, a colon, then what it means."
    )
    references = LinesField(required=False, label="References", help_text="One a line.")

    class Meta:
        model = Guide
        fields = [
            "title",
            "foreword",
            "audience",
            "intervention",
            "key_messages",
            "glossary",
            "references",
            "acknowledgements",
        ]
        widgets = previewed(foreword=5, audience=5, intervention=5, acknowledgements=3)
        labels = {
            "foreword": "About this guide (Markdown)",
            "audience": "Who it is for and how to use it (Markdown)",
            "intervention": "The intervention and the two wheels (Markdown)",
            "acknowledgements": "Acknowledgements (Markdown)",
        }
        help_texts = {"foreword": "", "audience": "", "intervention": "", "acknowledgements": ""}

    def __init__(self, *args: Any, parts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part, label in parts:
            self.fields[f"part_{part}"] = forms.CharField(
                required=False,
                label=f"Introduction to the {label.lower()} (Markdown)",
                help_text=f"Shown at the start of the part, under “{voice(part)}”.",
                initial=self.instance.part_intros.get(part, ""),
                widget=markdown_area(4, f"part-{part}-preview"),
            )

    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"part_{part}"] for part, _label in self.parts]

    def save(self, commit: bool = True) -> Guide:
        guide = super().save(commit=False)
        guide.part_intros = {
            **guide.part_intros,
            **{part: self.cleaned_data[f"part_{part}"] for part, _label in self.parts},
        }
        if commit:
            guide.save()
        return guide


class SectionForm(forms.ModelForm):
    tools = forms.MultipleChoiceField(
        choices=TOOL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Printable tools this section links to",
        help_text="Each is printed at the end of the guide and has its own page on the web site.",
    )

    class Meta:
        model = Section
        fields = ["introduction", "good_practice", "in_practice", "tips", "pitfalls", "questions", "tools"]
        widgets = previewed(introduction=8, good_practice=6, in_practice=6, tips=5, pitfalls=5, questions=5)
        labels = {
            "introduction": "Introduction (Markdown)",
            "good_practice": "What good looks like (Markdown)",
            "in_practice": "In practice (Markdown)",
            "tips": "Tips (Markdown)",
            "pitfalls": "Pitfalls (Markdown)",
            "questions": "Questions to reflect on (Markdown)",
        }
        help_texts = {
            "introduction": "",
            "good_practice": "",
            "in_practice": "What doing it looks like, step by step.",
            "tips": "",
            "pitfalls": "What tends to go wrong, and how to avoid it.",
            "questions": "For the reader to ask themselves.",
        }

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in Section.TEXT_FIELDS]


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
        widgets = {"text": markdown_area(10, "procedure-preview")}
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


class GoldProfileForm(forms.ModelForm):
    class Meta:
        model = GoldProfile
        fields = ["name", "portrait"]
        widgets = {"portrait": markdown_area(5, "portrait-preview")}
        labels = {
            "name": "The organisation's name (fictitious)",
            "portrait": "Portrait: its size, setting and who it serves (Markdown)",
        }


class ComponentChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return obj.title


class JourneyStageForm(forms.ModelForm):
    components = ComponentChoices(
        queryset=Component.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The procedures that apply here",
    )

    class Meta:
        model = JourneyStage
        fields = ["kind", "title", "text", "position"]
        widgets = {"text": markdown_area(6, "stage-preview")}
        labels = {
            "kind": "Where it belongs",
            "text": "What happens here (Markdown)",
            "position": "Place in the order (lower comes first)",
        }

    def __init__(self, *args: Any, components: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "components").queryset = Component.objects.filter(
            pk__in=[c.pk for c in components]
        ).order_by(part_rank(), "order", "key")
        if self.instance.pk:
            self.initial["components"] = [c.pk for c in self.instance.components.all()]


class GapChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return obj.title


class PlannedActionForm(forms.ModelForm):
    component = GapChoice(queryset=Component.objects.none(), label="The gap it closes")

    class Meta:
        field_classes = {"due": DateField}
        model = PlannedAction
        fields = ["component", "action", "owner", "first_step", "due"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 2}),
            "first_step": forms.Textarea(attrs={"rows": 2}),
            "due": DateInput(),
        }
        labels = {
            "action": "Action",
            "owner": "Owner",
            "first_step": "First step",
            "due": "By when",
        }

    def __init__(self, *args: Any, gaps: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "component")
        field.queryset = Component.objects.filter(pk__in=[c.pk for c in gaps])
        field.choices = [("", "Choose a gap"), *((c.pk, c.title) for c in gaps)]


PlannedActionFormSet = forms.modelformset_factory(
    PlannedAction, form=PlannedActionForm, extra=1, can_delete=True
)


class PracticeRatingsForm(forms.Form):
    """A worker's rating of their own practice on each component, on the self-assessment scale; a
    component left "Not rated" keeps no rating."""

    def __init__(self, *args: Any, components: list[Component], scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        for c in components:
            self.fields[f"c{c.pk}"] = forms.TypedChoiceField(
                label=c.title,
                choices=[("", "Not rated"), *[(lv.score, f"{lv.score}. {lv.label}") for lv in scale.levels]],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Choose a rating from the scale, or “Not rated”."},
            )

    def scores(self) -> dict[int, int | None]:
        """Component id -> score, None where it is left not rated."""
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.components}


class ShareStyleForm(forms.Form):
    shared = forms.BooleanField(
        required=False, label="Share my working style and personal guide with my supervisors (read only)"
    )

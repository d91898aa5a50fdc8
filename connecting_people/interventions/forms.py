from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from connecting_people.lib.forms import ModelMultipleChoiceField, model_choice_field
from connecting_people.lib.yamlfile import HTML_TAG

from .modelfile import SLUG, TITLE_MAX
from .models import Component, ModelVersion
from .parts import Part


def _no_html(value: str, field: str) -> str:
    tag = HTML_TAG.search(value or "")
    if tag:
        raise forms.ValidationError(
            f"The {field} contains the HTML tag <{tag.group(1).lower()}>; write plain Markdown."
        )
    return value


def _component_label(component: Component) -> str:
    return f"{component.get_part_display()} {component.order}: {component.title}"


class ComponentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return _component_label(obj)


class ComponentMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return _component_label(obj)


class ComponentForm(forms.Form):
    key = forms.CharField(
        max_length=80,
        help_text="Stable identifier kept across versions: lowercase letters, digits and hyphens.",
    )
    part = forms.ChoiceField(choices=Part.choices)
    position = forms.IntegerField(
        min_value=1, required=False, help_text="Place within its part (1 is first). Leave empty for last."
    )
    title = forms.CharField(max_length=TITLE_MAX)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Markdown: *emphasis*, lists with '- ', blank line between paragraphs.",
    )
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="One guiding question per line."
    )
    pairs_with = ComponentChoiceField(
        queryset=Component.objects.none(),
        required=False,
        label="Pairs with",
        help_text="Its counterpart on the other wheel.",
    )
    related = ComponentMultipleChoiceField(
        queryset=Component.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Related to",
    )

    def __init__(
        self, *args: Any, version: ModelVersion, component: Component | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.component = component
        others = version.components.order_by("part", "order")
        if component is not None:
            others = others.exclude(pk=component.pk)
            self.fields["key"].disabled = True
            self.fields[
                "key"
            ].help_text = "The key cannot change: it is how versions recognise the same component."
        model_choice_field(self, "pairs_with").queryset = others
        model_choice_field(self, "related").queryset = others

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not SLUG.match(key):
            raise forms.ValidationError(
                "Use lowercase letters, digits and single hyphens, e.g. build-relationship."
            )
        if self.component is None and self.version.components.filter(key=key).exists():
            raise forms.ValidationError("This version already has a component with that key.")
        return key

    def clean_title(self) -> str:
        return _no_html(self.cleaned_data["title"].strip(), "title")

    def clean_summary(self) -> str:
        return _no_html(self.cleaned_data["summary"].strip(), "summary")

    def clean_description(self) -> str:
        return _no_html(self.cleaned_data["description"].replace("\r\n", "\n").strip(), "description")

    def clean_questions(self) -> list[str]:
        text = _no_html(self.cleaned_data["questions"], "questions")
        return [line.strip() for line in text.splitlines() if line.strip()]


class NewDraftForm(forms.Form):
    label = forms.CharField(max_length=40, help_text="e.g. 1.1")


class VersionForm(forms.Form):
    label = forms.CharField(max_length=40)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A model file in YAML (schema cpi-model/1), at most 1 MB.")
    label = forms.CharField(
        max_length=40, required=False, help_text="Leave empty to use the label in the file."
    )


class DiffForm(forms.Form):
    a = forms.ModelChoiceField(queryset=ModelVersion.objects.none(), label="From version")
    b = forms.ModelChoiceField(queryset=ModelVersion.objects.none(), label="To version")

    def __init__(self, *args: Any, versions: QuerySet[ModelVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "a").queryset = versions
        model_choice_field(self, "b").queryset = versions

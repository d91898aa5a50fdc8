from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When

from connecting_people.interventions.models import Component
from connecting_people.lib.forms import DateField, DateInput, ModelMultipleChoiceField, model_choice_field

from .citations import internal_attribution
from .extract.speakers import spellings
from .models import Excerpt, Participant, Site, Visit
from .vocab import ExcerptKind, SourceKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        # Each file is judged by the importer, which reports an empty or broken file on its own line
        # instead of refusing the whole batch here.
        files = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not files:
            raise forms.ValidationError("Choose at least one file.", code="required")
        return files


class UploadForm(forms.Form):
    # A field named like BaseForm.files: the form's metaclass moves it into `fields`, so `form.files` is
    # still the uploads; mypy sees only the class attribute.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Files",
        help_text="Transcripts and documents: .txt, .md, .docx, .odt, .html, .pdf, .vtt, .srt.",
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        required=False,
        help_text="Leave empty to put the files in the inbox and assign them later.",
    )
    kind = forms.ChoiceField(
        choices=[("", "Work it out from the file"), *SourceKind.choices],
        required=False,
        label="Type of source",
    )
    manifest = forms.FileField(
        required=False,
        help_text="Optional CSV mapping file names to site, visit date, type and participants.",
    )

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "site").queryset = sites
        # One request takes at most this many files, the manifest among them (Django refuses more).
        most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        files = self.fields["files"]
        files.widget.attrs["data-max-files"] = str(most)
        files.help_text += f" You can choose up to {most} at once, the manifest included."


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "region",
            "sector",
            "client_group",
            "host_organisation",
            "agreed_to_be_named",
            "notes",
            "practice_organisation",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class VisitForm(forms.ModelForm):
    class Meta:
        field_classes = {"start_date": DateField, "end_date": DateField}
        model = Visit
        fields = ["start_date", "end_date", "purpose", "notes"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end_date": "If it ran over several days."}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("end_date") and data.get("start_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "The visit cannot end before it starts.")
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        field_classes = {"consent_date": DateField}
        model = Participant
        fields = [
            "pseudonym",
            "perspective",
            "role_description",
            "real_name",
            "nicknames",
            "consent_date",
            "consent_to_quote",
            "notes",
        ]
        widgets = {"consent_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ParticipantsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return f"{obj.pseudonym} ({obj.get_perspective_display()}, {obj.site.name})"


class AssignSourceForm(forms.Form):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=SourceKind.choices, label="Type of source")
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), required=False, help_text="Empty keeps it in the inbox."
    )
    visit = forms.ModelChoiceField(queryset=Visit.objects.none(), required=False)
    participants = ParticipantsField(
        queryset=Participant.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        sites: QuerySet[Site],
        visits: QuerySet[Visit],
        participants: QuerySet[Participant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "site").queryset = sites
        model_choice_field(self, "visit").queryset = visits.select_related("site")
        model_choice_field(self, "participants").queryset = participants.select_related("site")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        site = data.get("site")
        if data.get("visit") and data["visit"].site_id != getattr(site, "pk", None):
            self.add_error("visit", "That visit was to another site.")
        others = [p.pseudonym for p in data.get("participants", []) if p.site_id != getattr(site, "pk", None)]
        if others:
            self.add_error("participants", f"Not registered at this site: {', '.join(others)}.")
        return data


class SpeakerLinksForm(forms.Form):
    """For each speaker of a source (labels that differ only in case, spacing, colons or a number glued on
    are one), which of the source's participants speaks under that label."""

    def __init__(
        self,
        *args: Any,
        labels: list[str],
        participants: list[Participant],
        links: dict[str, Participant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {str(p.pk): p for p in participants}
        choices = [("", "Not linked"), *((pk, p.pseudonym) for pk, p in self.participants.items())]
        self.speakers: list[str] = []
        for index, (key, written) in enumerate(spellings(labels).items()):
            self.speakers.append(written[0])
            linked = links.get(key)
            self.fields[f"speaker_{index}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=written[0],
                initial=str(linked.pk) if linked else "",
                help_text=f"Also written {', '.join(written[1:])}." if len(written) > 1 else "",
            )

    def links(self) -> dict[str, Participant | None]:
        """{label as first written: the participant chosen, or None}."""
        return {
            label: self.participants.get(self.cleaned_data[f"speaker_{index}"])
            for index, label in enumerate(self.speakers)
        }


class WithdrawForm(forms.Form):
    withdrawn_on = DateField(label="Date consent was withdrawn", widget=DateInput())
    confirm = forms.BooleanField(
        label=(
            "I understand their material will leave search, coverage, statistics, exports and every future "
            "guide build, and the original files of the sources they took part in will be deleted."
        )
    )


class ComponentsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return f"{obj.get_part_display()} · {obj.title}"


class CodeForm(forms.Form):
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Passage",
        help_text="Select the passage in the text, or type or paste its words here (enough to be unique).",
    )
    components = ComponentsField(
        queryset=Component.objects.none(), widget=forms.CheckboxSelectMultiple, label="Model components"
    )
    kind = forms.ChoiceField(
        choices=ExcerptKind.choices, widget=forms.RadioSelect, initial=ExcerptKind.EXAMPLE, label="Kind"
    )
    memo = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(
        required=False,
        max_length=500,
        label="Free tags",
        help_text="Separate tags with commas; use / for a hierarchy, e.g. Barriers/Transport.",
    )

    def __init__(self, *args: Any, components: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not components:
            return
        # In the model's own order: part by part, stage by stage.
        rank = Case(
            *[When(pk=c.pk, then=Value(i)) for i, c in enumerate(components)], output_field=IntegerField()
        )
        model_choice_field(self, "components").queryset = Component.objects.filter(
            pk__in=[c.pk for c in components]
        ).order_by(rank)


class CitedExcerpts(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Excerpt) -> str:
        return f"“{obj.text}” ({internal_attribution(obj)})"


class CiteEvidenceForm(forms.Form):
    """Which of the component's excerpts explain the change to it."""

    excerpts = CitedExcerpts(
        queryset=Excerpt.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence for this change",
        error_messages={"invalid_choice": "Choose from this component's own evidence."},
    )

    def __init__(self, *args: Any, citable: list[Excerpt], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "excerpts").queryset = Excerpt.objects.filter(pk__in=[e.pk for e in citable])

"""The practice story form: a few questions in plain words."""

from __future__ import annotations

from django import forms

from .models import PracticeStory


class StoryForm(forms.ModelForm):
    class Meta:
        model = PracticeStory
        fields = ["what_helped", "what_got_in_the_way", "voice", "worker_adds"]
        labels = {
            "what_helped": "What helped",
            "what_got_in_the_way": "What got in the way",
            "voice": "Whose words are these?",
            "worker_adds": "Anything you want to add, as the worker",
        }
        help_texts = {
            "what_helped": "In the person's own words where you can. Leave out names: write “I”, "
            "“my worker”, “a friend”.",
            "what_got_in_the_way": "What made it harder, and what you did about it.",
            "voice": "The research team hears the answers above as this voice.",
            "worker_adds": "Heard as the worker's voice.",
        }
        widgets = {
            "what_helped": forms.Textarea(attrs={"rows": 5}),
            "what_got_in_the_way": forms.Textarea(attrs={"rows": 4}),
            "voice": forms.RadioSelect,
            "worker_adds": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_what_helped(self) -> str:
        text: str = self.cleaned_data["what_helped"]
        if not text.strip():
            raise forms.ValidationError("Write what helped, even in a few words.")
        return text.strip()

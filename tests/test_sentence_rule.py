"""The unit of agreement, the sentence, cut by the documented rule (fieldwork/sentences.py): one test
per case of the rule, each a way the old splitter changed the unit count (issue 18, finding 9)."""

from __future__ import annotations

import pytest

from connecting_people.fieldwork.sentences import RULE, sentence_units


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # 2. full stop, question mark, exclamation mark followed by a space
        ("We met at the café. Did it help? It did!", ["We met at the café.", "Did it help?", "It did!"]),
        # 3. abbreviations and initials do not end a sentence
        ("We met Dr. Khan at the café. He was kind.", ["We met Dr. Khan at the café.", "He was kind."]),
        (
            "Mrs. Patel and Prof. Jones came, e.g. on Fridays. Then St. Mary's.",
            ["Mrs. Patel and Prof. Jones came, e.g. on Fridays.", "Then St. Mary's."],
        ),
        ("J. Smith runs it. We go.", ["J. Smith runs it.", "We go."]),
        # 4. an ellipsis marks a pause, not an ending, in either spelling
        ("I went along… it was fine. Good.", ["I went along… it was fine.", "Good."]),
        ("I went along... it was fine. Good.", ["I went along... it was fine.", "Good."]),
        # 2. closing quotation marks and brackets after the mark still end the sentence
        ('She said "Come again." I did.', ['She said "Come again."', "I did."]),
        (
            "She said ‘Come again!’ I did. (We all did.) Then home.",
            ["She said ‘Come again!’", "I did.", "(We all did.)", "Then home."],
        ),
        # 1. a line break always ends one, and blank lines make no unit
        (
            "Interviewer: And then?\n\nP1: We kept going back\nevery week.",
            ["Interviewer: And then?", "P1: We kept going back", "every week."],
        ),
        ("", []),
    ],
)
def test_each_case_of_the_rule(text: str, sentences: list[str]) -> None:
    units = sentence_units(text)
    assert [u.text for u in units] == sentences
    assert all(text[u.start : u.end] == u.text for u in units)  # offsets are code points into the text


def test_the_rule_is_written_for_the_page() -> None:
    for case in ("line break", "abbreviation", "initial", "ellipsis", "quotation marks"):
        assert case in RULE

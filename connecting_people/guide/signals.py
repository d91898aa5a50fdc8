"""What the guide asks of the parts built on it, without importing them (dependencies run down the loop)."""

from django.dispatch import Signal

# Sent with `guide` when a draft is made. Each receiver returns the responses to consultation to publish
# with it, as a tuple of (title, lines); consultation answers with the rounds its team chose to publish.
published_responses = Signal()

# One response to consultation as the receivers of `published_responses` give it: its title and its lines.
PublishedResponse = tuple[str, tuple[str, ...]]

# Sent with `guide` and `number` (the draft being made). Each receiver returns the consultation comments
# marked as changed in that draft, as `changes.Prompt`s (section, round, how many), so the change log can
# say which changes answer reviewers; consultation answers from its comments.
comments_changed_in = Signal()

# Sent with `organisation` and `components` (the keys of the agency part's components) by the
# self-assessment and the gold standard's rating page. Each receiver returns, by component key, sentences
# about the organisation's work with other agencies that speak to that component (its partners, referral
# routes, joint training, co-produced activities), which the pages show beside the component's rating as
# evidence for it; partnerships answers from its records.
agency_evidence = Signal()

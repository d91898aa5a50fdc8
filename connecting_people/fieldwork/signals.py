"""What fieldwork asks of the parts built on it, without importing them (dependencies run down the loop)."""

from django.dispatch import Signal

# Sent with `team_id` by the coverage page. A receiver returns the team's latest release of its guide as a
# `ReleaseMark` (what to call it, when it was released, and per component key the excerpts it
# published), or None when the team has released nothing; the guide answers.
latest_release = Signal()

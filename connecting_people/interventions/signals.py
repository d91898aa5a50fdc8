"""What the model tells the parts built on it, without importing them (dependencies run down the loop)."""

from django.dispatch import Signal

# Sent with `source` and `target` (ModelVersions) inside the transaction of migration.apply_migration,
# once every reference to a mapped component of `source` points at its component in `target`.
evidence_moved = Signal()

# Sent with `version` (the newer ModelVersion of a comparison) and `user` (who reads the diff). Each
# receiver returns {component key: [(quoted text, attribution), ...]}: the evidence cited for each change,
# only what the user may read; fieldwork answers with its citations.
change_evidence = Signal()

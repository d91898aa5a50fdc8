"""What the model tells the parts built on it, without importing them (dependencies run down the loop)."""

from django.dispatch import Signal

# Sent with `source` and `target` (ModelVersions) inside the transaction of migration.apply_migration,
# once every reference to a mapped component of `source` points at its component in `target`.
evidence_moved = Signal()

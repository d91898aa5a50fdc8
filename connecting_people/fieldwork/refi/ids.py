"""Our own stable GUIDs, derived from our ids, for whatever has no GUID from another tool."""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1c2b1e-3d1a-4c59-9a65-0c6a4d2b7e11")


def our_guid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts))).upper()

"""Naming a version on the command line: 'latest', a label such as 1.0, or MODEL@LABEL."""

from __future__ import annotations

from .models import ModelVersion, VersionStatus


class UnknownVersion(Exception):
    pass


def resolve_version(ref: str) -> ModelVersion:
    versions = ModelVersion.objects.select_related("model")
    model_key, _, label = ref.rpartition("@")
    if model_key:
        versions = versions.filter(model__key=model_key)
    if label == "latest":
        found = versions.filter(status=VersionStatus.PUBLISHED).order_by("-published_at", "-id").first()
        if found is None:
            raise UnknownVersion(
                "There is no published version yet; import one with `cpi model import FILE --publish`."
            )
        return found
    matches = list(versions.filter(label=label))
    if not matches:
        known = (
            ", ".join(f"{v.model.key}@{v.label}" for v in ModelVersion.objects.select_related("model"))
            or "none"
        )
        raise UnknownVersion(f"No version {ref!r}. Known versions: {known}.")
    if len(matches) > 1:
        raise UnknownVersion(f"Several models have a version {label!r}; name one as MODEL@{label}.")
    return matches[0]

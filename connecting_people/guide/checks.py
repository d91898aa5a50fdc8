"""System checks of the guide, registered by `GuideConfig.ready()`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register

from .gold import ScaleError, scale


@register()
def rating_scale_check(app_configs: Sequence[AppConfig] | None = None, **_: Any) -> list[CheckMessage]:
    """`cpi check` (and the server at start) reports a rating scale file that cannot be used."""
    try:
        scale()
    except (ScaleError, OSError) as exc:
        return [
            Error(
                f"The rating scale cannot be used: {exc}",
                hint="Correct the file named by CPI_RATING_SCALE.",
                id="guide.E001",
            )
        ]
    return []

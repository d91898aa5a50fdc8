from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "connecting_people.guide"
    label = "guide"
    verbose_name = "The practitioner guide"

    def ready(self) -> None:
        from django.core import checks

        checks.register(rating_scale_check)


def rating_scale_check(app_configs: object = None, **_: object) -> list:  # type: ignore[type-arg]
    """`cpi check` (and the server at start) reports a rating scale file that cannot be used."""
    from django.core.checks import Error

    from .gold import ScaleError, scale

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

"""Changes to outcome measures, each audited in its own transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit.saving import save_with_audit

from .instrument import parse
from .models import Instrument


class MeasureError(Exception):
    pass


def do_load_instrument(
    acting_user: User | None, organisation: Organisation, text: str, *, licence_held: bool = False
) -> tuple[Instrument, bool]:
    """Load an instrument file for an organisation; returns the instrument and whether it is new. Raises
    InstrumentFileError (every problem by line) or MeasureError, writing nothing. A measure that is not
    ours needs someone to confirm the organisation holds its licence. A version once loaded never changes,
    because scores keep the version they were made with: new wording is a new version."""
    data = parse(text)
    if not data.ours and not licence_held:
        raise MeasureError(
            f"“{data.title}” is not written by the Connecting People project ({data.licence}). Load it only "
            f"if {organisation.name} holds a licence to use it, and confirm that you have checked."
        )
    with transaction.atomic():
        existing = (
            Instrument.objects.select_for_update()
            .filter(organisation=organisation, key=data.key, version=data.version)
            .first()
        )
        if existing is not None:
            if existing.definition() == data:
                return existing, False
            raise MeasureError(
                f"Version {data.version} of “{data.title}” is already loaded with different items or scoring; "
                "give the changed file a new version, so scores keep the version they were made with."
            )
        loaded = Instrument(
            organisation=organisation,
            key=data.key,
            version=data.version,
            title=data.title,
            ours=data.ours,
            licence_note=data.licence,
            source=text,
        )
        if not data.ours:
            loaded.licence_confirmed_at = timezone.now()
            loaded.licence_confirmed_by = acting_user if getattr(acting_user, "pk", None) else None
        return save_with_audit(acting_user, loaded, Instrument.AUDITED_FIELDS), True

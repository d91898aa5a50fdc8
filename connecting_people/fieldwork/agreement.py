"""Inter-coder agreement between two researchers on one source.

The unit is the sentence (`sentences.py` holds the rule), and for each component we ask of every
sentence whether each coder coded any part of it to that component. Over those yes/no pairs we report
the percentage agreement and Cohen's kappa, which discounts the agreement expected by chance.
Sentences spoken by a participant who withdrew consent leave the units altogether (they are neither
agreement nor disagreement); everything else stays, unattributed passages included."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import save_with_audit

from .coding import participant_for, speaker_at, speaker_links
from .models import DoubleCoding, Excerpt, Source
from .sentences import RULE, Unit, sentence_units

KAPPA_UNDEFINED = (
    "not defined: both coders gave every sentence the same answer, so there is no variation for "
    "kappa to compare"
)


class AgreementError(Exception):
    pass


def cohen_kappa(a: list[bool], b: list[bool]) -> tuple[float, float | None]:
    """(observed agreement, kappa); kappa is None when chance agreement is total (both coders constant)."""
    n = len(a)
    if n == 0:
        return 1.0, None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected >= 1:
        return observed, None
    return observed, (observed - expected) / (1 - expected)


@dataclass
class ComponentAgreement:
    key: str
    title: str
    agreement: float
    kappa: float | None
    units_a: int
    units_b: int
    disagreements: list[tuple[Unit, bool, bool]] = field(default_factory=list)

    @property
    def kappa_note(self) -> str:
        return KAPPA_UNDEFINED if self.kappa is None else ""


@dataclass
class Agreement:
    units: list[Unit]  # the sentences compared
    removed: int  # sentences left out because their speaker withdrew consent
    components: list[ComponentAgreement] = field(default_factory=list)
    rule: str = RULE


def _flags(units: list[Unit], excerpts: list[Excerpt], keys: dict[int, set[str]], key: str) -> list[bool]:
    """For each sentence, whether any of the excerpts coded to the component `key` touches it (`keys`: the
    component keys of each excerpt, by id)."""
    spans = [(e.start, e.end) for e in excerpts if key in keys[e.pk]]
    return [any(s < u.end and u.start < e for s, e in spans) for u in units]


def withdrawn_units(source: Source, units: list[Unit]) -> list[Unit]:
    """The sentences spoken by a participant who withdrew consent (worked out from the speaker turns and
    the register as it stands; a source from one participant without turns is theirs throughout)."""
    participants = list(source.participants.all())
    if not any(p.is_withdrawn for p in participants):
        return []
    links = speaker_links(source)
    out = []
    for unit in units:
        participant = participant_for(source, speaker_at(source, unit.start), participants, links)
        if participant is not None and participant.is_withdrawn:
            out.append(unit)
    return out


def compute(pair: DoubleCoding) -> Agreement:
    source = pair.source
    every = sentence_units(source.text)
    gone = set(withdrawn_units(source, every))
    units = [u for u in every if u not in gone]
    result = Agreement(units, len(gone))
    if not units:
        return result
    excerpts = list(
        Excerpt.objects.filter(
            source=source, coder_id__in=[pair.coder_a_id, pair.coder_b_id]
        ).prefetch_related("components")
    )
    titles: dict[str, str] = {}
    keys: dict[int, set[str]] = {}
    for excerpt in excerpts:
        keys[excerpt.pk] = {c.key for c in excerpt.components.all()}
        titles.update({c.key: c.title for c in excerpt.components.all()})
    mine = [e for e in excerpts if e.coder_id == pair.coder_a_id]
    theirs = [e for e in excerpts if e.coder_id == pair.coder_b_id]
    for key in sorted(titles, key=lambda k: titles[k]):
        a, b = _flags(units, mine, keys, key), _flags(units, theirs, keys, key)
        if not any(a) and not any(b):
            continue  # coded only in sentences that were removed
        observed, kappa = cohen_kappa(a, b)
        result.components.append(
            ComponentAgreement(
                key,
                titles[key],
                observed,
                kappa,
                sum(a),
                sum(b),
                [(u, x, y) for u, x, y in zip(units, a, b, strict=True) if x != y],
            )
        )
    return result


def do_start_double_coding(
    acting_user: User | None, source: Source, coder_a: User, coder_b: User
) -> DoubleCoding:
    if coder_a.pk == coder_b.pk:
        raise AgreementError("Choose two different researchers.")
    for coder in (coder_a, coder_b):
        if not coder.caps.can_handle_fieldwork or coder.organisation_id != source.team_id:
            raise AgreementError(f"{coder.display_name} is not a researcher in this team.")
    if DoubleCoding.objects.filter(
        source=source, coder_a__in=[coder_a, coder_b], coder_b__in=[coder_a, coder_b]
    ).exists():
        raise AgreementError("These two researchers already double-code this source.")
    pair = DoubleCoding(source=source, coder_a=coder_a, coder_b=coder_b, created_by=acting_user)
    return save_with_audit(acting_user, pair, DoubleCoding.AUDITED_FIELDS)


def do_mark_done(acting_user: User, pair: DoubleCoding) -> DoubleCoding:
    if not pair.involves(acting_user):
        raise AgreementError("Only the two coders can mark their coding done.")
    with transaction.atomic():
        pair = DoubleCoding.objects.select_for_update().get(pk=pair.pk)
        field_name = "done_a" if acting_user.pk == pair.coder_a_id else "done_b"
        if getattr(pair, field_name) is None:
            setattr(pair, field_name, timezone.now())
            save_with_audit(acting_user, pair, DoubleCoding.AUDITED_FIELDS, note="coding marked done")
        return pair


def still_coding(pair: DoubleCoding, user: User) -> bool:
    """Whether this user is one of the pair's coders and has not marked their coding done."""
    return (
        pair.is_blind
        and pair.involves(user)
        and not (pair.done_a if user.pk == pair.coder_a_id else pair.done_b)
    )


def blind_pair_for(user: User, source: Source) -> DoubleCoding | None:
    """The open double coding that hides the other coder's work from this user, if any."""
    for pair in source.double_codings.all():
        if pair.is_blind and pair.involves(user):
            return pair
    return None


def record_view(acting_user: User | None, pair: DoubleCoding) -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, pair, note="agreement viewed")

"""From the database to the intermediate document: the guide's sections in model order, with the chosen
evidence still usable (a participant who withdrew since leaves the guide at the next build), and the
register of names the anonymisation check looks for."""

from __future__ import annotations

from dataclasses import asdict

from django.db.models import Count, Max, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from connecting_people.accounts.models import Region, User
from connecting_people.fieldwork.evidence import usable_excerpts, withdrawn_scope
from connecting_people.fieldwork.models import Excerpt, Participant, Site, Source, Visit
from connecting_people.fieldwork.vocab import Perspective, SiteSector, SourceKind
from connecting_people.interventions.models import Component, ComponentLink, ModelVersion
from connecting_people.interventions.parts import PART_ORDER, LinkKind, Part
from connecting_people.interventions.store import version_data
from connecting_people.lib.anonymise import Candidate, Checker, Name, check, likely_names, register_names

from .document import (
    Block,
    Document,
    EvidenceBase,
    FrontMatter,
    ProcedureDoc,
    SectionDoc,
    ToolDoc,
    published_texts,
)
from .front import voice
from .models import Example, Guide, Section
from .namelist import given_names
from .tools import TOOLS

GROUP_ORDER = {"example": 0, "tip": 1, "helps": 2}


def ensure_sections(guide: Guide) -> list[Section]:
    """A section for every component of the guide's model version, in model order."""
    components = list(guide.version.components_in_order())
    have = {s.component_id: s for s in guide.sections.all()}
    missing = [Section(guide=guide, component=c) for c in components if c.pk not in have]
    if missing:
        Section.objects.bulk_create(missing, ignore_conflicts=True)
        have = {s.component_id: s for s in guide.sections.all()}
    sections = [have[c.pk] for c in components]
    for section, component in zip(sections, components, strict=True):
        section.component = component  # already loaded: no query per section for its component
    return sections


def pairs(version: ModelVersion) -> dict[int, Component]:
    """Component id -> the component it pairs with (both ways)."""
    out: dict[int, Component] = {}
    for link in ComponentLink.objects.filter(version=version, kind=LinkKind.PAIRS_WITH).select_related(
        "source", "target"
    ):
        out.setdefault(link.source_id, link.target)
        out.setdefault(link.target_id, link.source)
    return out


def build_document(
    guide: Guide,
    *,
    number: str,
    release: bool = False,
    changes: tuple[str, ...] = (),
    procedures: tuple[ProcedureDoc, ...] = (),
) -> Document:
    sections = ensure_sections(guide)
    paired = pairs(guide.version)
    examples = list(
        Example.objects.filter(section__guide=guide).select_related("excerpt__source", "excerpt__participant")
    )
    # Still usable (nobody withdrew) and still agreed to be quoted, whatever was true when it was chosen.
    allowed = set(
        usable_excerpts(
            Excerpt.objects.filter(pk__in=[e.excerpt_id for e in examples]).exclude(
                participant__consent_to_quote=False
            ),
            guide.team_id,
        ).values_list("pk", flat=True)
    )
    by_section: dict[int, list[Example]] = {}
    for example in examples:
        if example.excerpt_id in allowed:
            by_section.setdefault(example.section_id, []).append(example)
    labels = dict(Part.choices)
    docs = []
    for section in sections:
        c = section.component
        pair = paired.get(c.pk)
        chosen = sorted(
            by_section.get(section.pk, []), key=lambda e: (GROUP_ORDER.get(e.group, 9), e.position, e.pk)
        )
        docs.append(
            SectionDoc(
                key=c.key,
                part=c.part,
                part_label=labels.get(c.part, c.part),
                title=c.title,
                summary=c.summary,
                description=c.description,
                introduction=section.introduction,
                good_practice=section.good_practice,
                in_practice=section.in_practice,
                tips=section.tips,
                pitfalls=section.pitfalls,
                questions=section.questions,
                tools=tuple(t.key for t in TOOLS if t.key in section.tools),
                voice=voice(c.part),
                pair_key=pair.key if pair else "",
                pair_title=pair.title if pair else "",
                blocks=tuple(
                    Block(
                        f"ex{e.pk}",
                        e.group,
                        e.wording,
                        e.attribution,
                        {
                            "excerpt": e.excerpt_id,
                            "source": e.excerpt.source_id,
                            "site": e.excerpt.source.site_id,
                            "participant": e.excerpt.participant_id,
                        },
                    )
                    for e in chosen
                ),
            )
        )
    data = version_data(guide.version)
    parts = tuple((p, labels[p]) for p in PART_ORDER if any(s.part == p for s in docs))
    used = {key for d in docs for key in d.tools}
    return Document(
        guide_title=guide.title,
        number=number,
        dated=timezone.localdate().isoformat(),
        release=release,
        model_name=data.model_name,
        model_label=data.label,
        foreword=guide.foreword,
        parts=parts,
        sections=tuple(docs),
        procedures=procedures,
        changes=changes,
        diagram=asdict(data),
        front=FrontMatter(
            audience=guide.audience,
            intervention=guide.intervention,
            key_messages=tuple(m for m in guide.key_messages if m),
            glossary=tuple((term, text) for term, text in guide.glossary),
            references=tuple(r for r in guide.references if r),
            acknowledgements=guide.acknowledgements,
            part_intros=tuple((p, voice(p), guide.part_intros.get(p, "")) for p, _label in parts),
            evidence=evidence_base(guide.team_id),
        ),
        tools=tuple(ToolDoc(**asdict(t)) for t in TOOLS if t.key in used),
    )


def evidence_base(team_id: int) -> EvidenceBase:
    """Counts of what the team's register holds now, never names: sites by region and sector, people by
    perspective, sources by kind, and the dates of the visits. A withdrawn participant is not counted, nor a
    source only withdrawn participants took part in, nor a site left with nothing counted."""
    _people, touched = withdrawn_scope(team_id)
    kept = set(
        Participant.sources.through.objects.filter(
            source_id__in=touched, participant__withdrawn_on__isnull=True
        ).values_list("source_id", flat=True)
    )
    participants = Participant.objects.filter(site__team_id=team_id, withdrawn_on__isnull=True)
    sources = Source.objects.filter(team_id=team_id, site__isnull=False).exclude(pk__in=set(touched) - kept)
    site_ids = set(participants.values_list("site_id", flat=True)) | set(
        sources.values_list("site_id", flat=True)
    )
    sites = list(Site.objects.filter(pk__in=site_ids).values_list("region", "sector"))
    people = dict(participants.values("perspective").annotate(n=Count("id")).values_list("perspective", "n"))
    kinds = dict(sources.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    dates = Visit.objects.filter(site_id__in=site_ids).aggregate(
        first=Min("start_date"), last=Max(Coalesce("end_date", "start_date"))
    )

    def counted(choices: list[tuple[str, str]], counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
        return tuple((label, counts[value]) for value, label in choices if counts.get(value))

    regions: dict[str, int] = {}
    sectors: dict[str, int] = {}
    for region, sector in sites:
        regions[region] = regions.get(region, 0) + 1
        sectors[sector] = sectors.get(sector, 0) + 1
    return EvidenceBase(
        sites=len(sites),
        by_region=counted(Region.choices, regions),
        by_sector=counted(SiteSector.choices, sectors),
        participants=sum(people.values()),
        by_perspective=counted(Perspective.choices, people),
        sources=sum(kinds.values()),
        by_kind=counted(SourceKind.choices, kinds),
        first_date=dates["first"].isoformat() if dates["first"] else "",
        last_date=dates["last"].isoformat() if dates["last"] else "",
    )


def names_to_check(team_id: int) -> list[Name]:
    """Every participant's pseudonym, real name and nicknames, every site that did not agree to be named
    (with its host organisation), from the team's register; and the name of everyone with an account."""
    entries: list[tuple[str, str, str]] = []
    for pseudonym, real_name, nicknames, site_id in Participant.objects.filter(
        site__team_id=team_id
    ).values_list("pseudonym", "real_name", "nicknames", "site_id"):
        owner = f"participant {pseudonym} (site {site_id})"
        entries += [(pseudonym, "pseudonym", owner), (real_name, "real name", owner)]
        entries += [(nickname, "nickname", owner) for nickname in nicknames.split(",")]
    for pk, first, last in User.objects.values_list("pk", "first_name", "last_name"):
        entries.append((f"{first} {last}", "user", f"user {pk}"))
    for pk, name, host in Site.objects.filter(team_id=team_id, agreed_to_be_named=False).values_list(
        "pk", "name", "host_organisation"
    ):
        entries += [
            (name, "site", f"site {pk}, which did not agree to be named"),
            (host, "host organisation", f"site {pk}, which did not agree to be named"),
        ]
    return register_names(entries)


def check_publishable(doc: Document, team_id: int) -> list[Candidate]:
    """The anonymisation check over everything a reader of the document would see, against the team's
    register as it is now. Raises AnonymisationError listing every leak; otherwise returns the words that
    look like names nobody registered, each of which needs a researcher's answer before release."""
    texts = published_texts(doc)
    names = names_to_check(team_id)
    check(texts, names)
    return likely_names(texts, given_names(), Checker(names))

"""From the database to the intermediate document: the guide's sections in model order, with the chosen
evidence still usable (a participant who withdrew since leaves the guide at the next build), and the
register of names the anonymisation check looks for."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.fieldwork.evidence import usable_excerpts
from connecting_people.fieldwork.models import Excerpt, Participant, Site
from connecting_people.interventions.models import Component, ComponentLink, ModelVersion
from connecting_people.interventions.parts import PART_ORDER, LinkKind, Part
from connecting_people.interventions.store import version_data

from .anonymise import Candidate, Checker, Name, check, likely_names, register_names
from .document import Block, Document, ProcedureDoc, SectionDoc, published_texts
from .models import Example, Guide, Section
from .namelist import given_names

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
    return Document(
        guide_title=guide.title,
        number=number,
        dated=timezone.localdate().isoformat(),
        release=release,
        model_name=data.model_name,
        model_label=data.label,
        foreword=guide.foreword,
        parts=tuple((p, labels[p]) for p in PART_ORDER if any(s.part == p for s in docs)),
        sections=tuple(docs),
        procedures=procedures,
        changes=changes,
        diagram=asdict(data),
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

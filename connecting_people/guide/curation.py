"""Choosing evidence for a section: who said it (by role and setting, never by name), a shortlist ranked
by how well each passage fits the component as well as by balance between sites and perspectives, with
the reasons each is offered, and the warnings a researcher answers before a passage is published.

The ranking and the warnings are pure functions of plain data (`Passage`, `Topic`, `Placed`), so they are
tested without the database; the functions at the end load that data for a section or a draft."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from connecting_people.fieldwork.evidence import passage_leads
from connecting_people.fieldwork.models import Excerpt
from connecting_people.fieldwork.search import normalise
from connecting_people.fieldwork.vocab import ExcerptKind, SourceKind
from connecting_people.interventions.models import Component

from . import document as docmod
from .models import Example, Group, Guide, Section, WarningAnswer
from .render_html import stem

ROLE_WORDS = {
    "worker": "worker",
    "volunteer": "volunteer",
    "linked_organisation": "worker from a partner organisation",
    "individual": "person using the service",
    "funder": "funder",
    "manager": "manager",
}
SECTOR_WORDS = {
    "statutory": "statutory",
    "third_sector": "third-sector",
    "service_user_led": "service-user-led",
    "other": "",
}
# How a passage that is not a participant's own voice is attributed, by the kind of source it came from.
NOT_A_VOICE: dict[str, str] = {
    SourceKind.FIELD_NOTES: "From a researcher's field notes at",
    SourceKind.OBSERVATION: "From an observation at",
    SourceKind.SITE_DOCUMENT: "From a site document of",
}
UNSPOKEN: dict[str, str] = {
    SourceKind.INTERVIEW: "From an interview at",
    SourceKind.FOCUS_GROUP: "From a focus group at",
}
# Which group of the guide a piece of evidence goes in by default, from who said it and how it was coded.
DEFAULT_GROUP = {"tip": Group.TIP, "example": Group.EXAMPLE, "barrier": Group.EXAMPLE, "quote": Group.EXAMPLE}
# A role that already names where the person is ("the co-ordinator of a service-user-led group", "a man
# supported by a community mental health team"): the setting is not said again after it.
_OWN_SETTING = re.compile(
    r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:project|team|service|group|organisation|council|association|"
    r"foundation|garden|workshop|charity|centre|trust|library|practice|hospital)s?\b",
    re.IGNORECASE,
)

_CLAUSE = re.compile(r"\b(?:who|that|living|supported|moved|working|using)\b", re.IGNORECASE)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def setting_words(sector: str, client_group: str, *, kind: str = "project") -> str:
    """'a third-sector project for adults with mental health problems'."""
    sector_word = SECTOR_WORDS.get(sector, "")
    if client_group[:1].isupper() and client_group[1:2].islower():
        client_group = (
            client_group[0].lower() + client_group[1:]
        )  # "Adults with ..." reads "for adults with ..."
    phrase = f"{sector_word} {kind}".strip()
    text = f"{_article(phrase)} {phrase}"
    return f"{text} for {client_group}" if client_group else text


def attribution(
    perspective: str,
    role_description: str,
    sector: str,
    client_group: str,
    *,
    source_kind: str = "",
    has_participant: bool = True,
) -> str:
    """'A support worker at a third-sector project for adults with mental health problems.' No names, ever:
    only the role the participant agreed to be described by, and the kind of setting. Field notes,
    observations and a site's own documents are attributed as what they are, never as someone speaking;
    a role that already says where the person is is not followed by the setting again."""
    if source_kind in NOT_A_VOICE:
        return f"{NOT_A_VOICE[source_kind]} {setting_words(sector, client_group)}"
    described = role_description.strip()
    role = described or (ROLE_WORDS.get(perspective, "") if has_participant else "")
    for article in ("a ", "an ", "the "):
        if role.lower().startswith(article):
            role = role[len(article) :]
    if not role:
        lead = UNSPOKEN.get(source_kind, "From fieldwork at")
        return f"{lead} {setting_words(sector, client_group)}"
    said = f"{_article(role).capitalize()} {role}"
    if described and _OWN_SETTING.search(role):
        return said
    sector_word = SECTOR_WORDS.get(sector, "")
    if sector_word and sector_word in role.lower():
        sector = (
            ""  # "a service-user-led group member at a project for …", not "… at a service-user-led project"
        )
    joint = (
        ", at" if described and _CLAUSE.search(role) else " at"
    )  # "a woman who moved here, at a project for …"
    return f"{said}{joint} {setting_words(sector, client_group)}"


def excerpt_attribution(excerpt: Excerpt) -> str:
    site = excerpt.source.site
    participant = excerpt.participant
    return attribution(
        excerpt.perspective or (participant.perspective if participant else ""),
        participant.role_description if participant else "",
        site.sector if site else "",
        site.client_group if site else "",
        source_kind=excerpt.source.kind,
        has_participant=participant is not None,
    )


def default_group(excerpt: Excerpt) -> str:
    if excerpt.kind == "tip" and excerpt.perspective in ("worker", "volunteer", "manager"):
        return Group.TIP
    if excerpt.perspective == "individual" and excerpt.kind in ("tip", "quote"):
        return Group.HELPS
    return DEFAULT_GROUP.get(excerpt.kind, Group.EXAMPLE)


# --- Words: the search's normalisation, the guide search's light stemmer, and common words left out -----

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "each",
        "even",
        "every",
        "few",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "more",
        "most",
        "much",
        "my",
        "no",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yes",
        "yeah",
        "really",
        "thing",
        "things",
        "lot",
        "bit",
        "like",
        "just",
        "well",
        "know",
        "think",
        "say",
        "said",
        "something",
        "anything",
        "everything",
        "nothing",
        "someone",
        "anyone",
        "everyone",
        "rather",
        "quite",
        "sort",
        "much",
        "many",
        "always",
        "never",
        "often",
        "sometimes",
        "maybe",
        "perhaps",
        "back",
        "way",
        "ever",
    ]
)


def terms(text: str) -> dict[str, str]:
    """The text's stems, each with the first word it came from (for showing why a passage matched)."""
    out: dict[str, str] = {}
    for word in normalise(text).split():
        if word in STOP_WORDS or len(word) < 3 or word.isdigit():
            continue
        out.setdefault(stem(word), word)
    return out


@dataclass(frozen=True)
class Rarity:
    """How many of the team's passages hold each stem, so a word every passage uses counts for little."""

    passages: int
    holding: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Rarity:
        counts: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            counts.update(terms(text).keys())
        return cls(n, dict(counts))

    def weight(self, term: str) -> float:
        return math.log((self.passages + 1) / (self.holding.get(term, 0) + 1)) + 1.0


@dataclass(frozen=True)
class Topic:
    """What a component is about: its title counts twice, then summary, description and questions."""

    title: str
    summary: str = ""
    description: str = ""
    questions: tuple[str, ...] = ()

    def terms(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for text, factor in (
            (self.title, 2.0),
            (self.summary, 1.0),
            (self.description, 1.0),
            (" ".join(self.questions), 1.0),
        ):
            for term in terms(text):
                out[term] = max(out.get(term, 0.0), factor)
        return out


@dataclass(frozen=True)
class Passage:
    """A passage on offer, as the ranking sees it."""

    id: int
    text: str
    kind: str = ""
    memo: str = ""
    site_id: int | None = None
    perspective: str = ""


@dataclass
class Candidate:
    passage: Passage
    score: float = 0.0
    relevance: float = 0.0
    fit: float = 0.0  # relevance as a share of the best on offer, 0 to 1
    matches: tuple[str, ...] = ()  # words of the passage the component also uses, most telling first
    memo_matches: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    excerpt: Excerpt | None = None  # set by `shortlist`
    findings: tuple[Finding, ...] = ()  # set by `shortlist`

    @property
    def site_id(self) -> int | None:
        return self.passage.site_id

    @property
    def perspective(self) -> str:
        return self.passage.perspective


KIND_WEIGHT = {"example": 0.0, "tip": 0.1, "quote": 0.2, "barrier": 0.4}
KIND_WORDS = dict(ExcerptKind.choices)
RELEVANCE_WEIGHT = 2.0  # the best-fitting passage gains as much as two sites' or voices' worth of balance


def relevance(
    passage: Passage, topic: dict[str, float], rarity: Rarity
) -> tuple[float, list[str], list[str]]:
    """Shared stems, each weighted by its rarity across the team's passages (and twice for the title's);
    a memo that uses the component's words counts at half weight for the words the passage lacks."""
    found = terms(passage.text)
    shared = sorted(
        (t for t in found if t in topic), key=lambda t: (-topic[t] * rarity.weight(t), list(found).index(t))
    )
    memo = terms(passage.memo)
    memo_only = sorted((t for t in memo if t in topic and t not in found), key=lambda t: -rarity.weight(t))
    score = sum(topic[t] * rarity.weight(t) for t in shared) + 0.5 * sum(
        topic[t] * rarity.weight(t) for t in memo_only
    )
    return score, [found[t] for t in shared], [memo[t] for t in memo_only]


def rank(
    passages: Sequence[Passage],
    topic: Topic,
    rarity: Rarity,
    limit: int = 12,
    chosen: Iterable[tuple[int | None, str]] = (),
) -> list[Candidate]:
    """Rank greedily: each pick is the candidate with the lowest score, where fitting the component lowers
    it (up to `RELEVANCE_WEIGHT` for the best fit on offer) and each passage already picked or chosen from
    the same site, or in the same voice, raises it by one; coded examples and tips, then passages of a
    readable length, come first, then the oldest coding, so the order is stable. Each pick says why."""
    wanted = topic.terms()
    sites: Counter[int | None] = Counter(site for site, _ in chosen)
    views: Counter[str] = Counter(view for _, view in chosen)
    pool = []
    for p in passages:
        score, matches, memo_matches = relevance(p, wanted, rarity)
        pool.append(Candidate(p, relevance=score, matches=tuple(matches), memo_matches=tuple(memo_matches)))
    best_fit = max((c.relevance for c in pool), default=0.0) or 1.0
    for c in pool:
        c.fit = c.relevance / best_fit
    ranked: list[Candidate] = []
    while pool and len(ranked) < limit:
        for c in pool:
            length = len(c.passage.text)
            c.score = (
                sites[c.site_id]
                + views[c.perspective]
                + KIND_WEIGHT.get(c.passage.kind, 0.5)
                + (0.3 if length > 900 or length < 40 else 0.0)
                - RELEVANCE_WEIGHT * c.fit
            )
        best = min(pool, key=lambda c: (c.score, c.passage.id))
        pool.remove(best)
        best.reasons = tuple(_reasons(best, sites[best.site_id] == 0, views[best.perspective] == 0))
        ranked.append(best)
        sites[best.site_id] += 1
        views[best.perspective] += 1
    return ranked


def _reasons(c: Candidate, new_site: bool, new_voice: bool) -> list[str]:
    out = [
        f"matches: {', '.join(c.matches[:6])}"
        if c.matches
        else "shares no telling word with this stage: check that it fits"
    ]
    if c.memo_matches:
        out.append(f"the coder's memo mentions: {', '.join(c.memo_matches[:4])}")
    if c.passage.kind in KIND_WORDS:
        kind = KIND_WORDS[c.passage.kind].lower()
        out.append(f"coded as {_article(kind)} {kind}")
    if new_site and c.site_id is not None:
        out.append("from a site not yet in this section")
    if new_voice and c.perspective:
        out.append(f"a voice not yet in this section ({ROLE_WORDS.get(c.perspective, c.perspective)})")
    return out


# --- Warnings on a passage ---------------------------------------------------------------------------


class Warn:
    """Kinds of warning. The hard ones are never released, whatever the answer: a placeholder, a time
    stamp, the same quote twice. The others a researcher may answer "keep as is", with a reason."""

    REPEAT = "repeat"
    SAME_WORDING = "same_wording"
    PLACEHOLDER = "placeholder"
    TIME_STAMP = "time_stamp"
    REGISTER = "register"
    REFLECTION = "reflection"
    NOT_A_VOICE = "not_a_voice"
    HARD = frozenset({SAME_WORDING, PLACEHOLDER, TIME_STAMP})


@dataclass(frozen=True)
class Finding:
    kind: str
    detail: str  # what was found ("[name]", "14.30", a section's key), with `kind` the answer's key
    message: str

    @property
    def hard(self) -> bool:
        return self.kind in Warn.HARD


_PLACEHOLDER = re.compile(r"\[[^\]\n]{0,40}\]")
# 14.30, 10:15, 9.05am; not £1.50 or 2.5 or 3.14159.
_TIME = re.compile(
    r"(?<![£$€\d.,:])\b(?:[01]?\d|2[0-3])[.:][0-5]\d(?!\d)(?:\s?[ap]\.?m\b\.?)?(?![.,:]?\d)", re.I
)
_REGISTER = re.compile(
    r"^[ \t]*(present|apologies|attendees|in attendance|minutes|agenda|action points?|date of meeting)"
    r"[ \t]*:",
    re.I | re.M,
)
_REFLECTION_LABEL = re.compile(
    r"^[ \t]*(reflections?|reflexive notes?|memos?|notes? to self|researcher'?s notes?|analytic notes?)"
    r"[ \t]*:",
    re.I | re.M,
)
_REFLECTION_FIRST_PERSON = re.compile(
    r"\b(I wonder(?:ed)?|I noticed|I felt|I sensed|I reflected|my impression|on reflection)\b", re.I
)
SOURCE_WORDS: dict[str, str] = {
    SourceKind.FIELD_NOTES: "a researcher's field notes",
    SourceKind.OBSERVATION: "a researcher's observation",
    SourceKind.SITE_DOCUMENT: "a site's own document (a leaflet, a plan, minutes)",
}


def text_findings(text: str, source_kind: str = "", has_participant: bool = True) -> list[Finding]:
    """What in the passage's own words or source keeps it from being a participant's voice, as published."""
    out: list[Finding] = []
    for found in dict.fromkeys(m.group() for m in _PLACEHOLDER.finditer(text)):
        out.append(
            Finding(
                Warn.PLACEHOLDER,
                found,
                f"a placeholder “{found}” is left in the wording: rewrite it in plain words "
                "(e.g. “her worker”)",
            )
        )
    for found in dict.fromkeys(m.group().strip() for m in _TIME.finditer(text)):
        out.append(
            Finding(
                Warn.TIME_STAMP,
                found,
                f"a time stamp “{found}” from the notes is in the wording: take it out",
            )
        )
    for found in dict.fromkeys(m.group(1).capitalize() for m in _REGISTER.finditer(text)):
        out.append(Finding(Warn.REGISTER, found, f"a meeting's register or minutes line (“{found}:”)"))
    reflective = [m.group(1).capitalize() for m in _REFLECTION_LABEL.finditer(text)]
    if source_kind in (SourceKind.FIELD_NOTES, SourceKind.OBSERVATION):
        reflective += [m.group(1) for m in _REFLECTION_FIRST_PERSON.finditer(text)]
    for found in dict.fromkeys(reflective):
        out.append(Finding(Warn.REFLECTION, found, f"the researcher's own reflection (“{found}”)"))
    if source_kind in NOT_A_VOICE:
        out.append(
            Finding(
                Warn.NOT_A_VOICE,
                source_kind,
                f"not a participant's voice: from {SOURCE_WORDS[source_kind]}, and attributed as such",
            )
        )
    elif not has_participant:
        out.append(
            Finding(
                Warn.NOT_A_VOICE,
                "no participant",
                "not linked to a participant in the register: nobody can be said to have said it",
            )
        )
    return out


@dataclass(frozen=True)
class Placed:
    """A passage where it is (or would be) in the guide."""

    key: str  # "ex<example id>", or "candidate"
    section_key: str
    section_title: str
    excerpt_id: int
    source_id: int
    start: int
    end: int
    text: str  # the wording as it would be published
    source_kind: str = ""
    has_participant: bool = True


def _same_words(a: str, b: str) -> bool:
    """The same quote: the same words, or one quote of eight words or more held whole in the other."""
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short.split()) >= 8 and f" {short} " in f" {long} "


def repeat_findings(item: Placed, others: Iterable[Placed]) -> list[Finding]:
    """The same wording anywhere else in the guide (hard), or the same passage in another section."""
    out: dict[tuple[str, str], Finding] = {}
    for other in others:
        if other.key == item.key:
            continue
        where = f"“{other.section_title}”"
        if _same_words(item.text, other.text):
            out[(Warn.SAME_WORDING, other.section_key)] = Finding(
                Warn.SAME_WORDING,
                other.section_key,
                f"the same quote is also in {where}: a guide uses a quote once",
            )
        elif other.section_key != item.section_key and (
            other.excerpt_id == item.excerpt_id
            or (other.source_id == item.source_id and other.start < item.end and item.start < other.end)
        ):
            out.setdefault(
                (Warn.REPEAT, other.section_key),
                Finding(Warn.REPEAT, other.section_key, f"the same passage is also used in {where}"),
            )
    return list(out.values())


def findings_for(items: Sequence[Placed]) -> dict[str, list[Finding]]:
    """Every warning on every placed passage, by its key."""
    return {
        item.key: text_findings(item.text, item.source_kind, item.has_participant)
        + repeat_findings(item, items)
        for item in items
    }


# --- Loading for a section or a draft -------------------------------------------------------------------


def candidates(team_id: int, component: Component, exclude: Collection[int] = ()) -> QuerySet[Excerpt]:
    """Evidence on the component that may be published, one excerpt per passage (`passage_leads`: a
    passage coded by two researchers is offered once, whichever version of the model it was coded
    against): the team's own, from sites, never a withdrawn participant's, only from participants who
    agreed to be quoted, and no passage already chosen."""
    return (
        Excerpt.objects.filter(pk__in=passage_leads(team_id, component.key, exclude))
        .exclude(participant__consent_to_quote=False)
        .select_related("source__site", "participant")
    )


RARITY_SAMPLE = 3000  # the team's most recent passages that say how rare a word is


def team_rarity(team_id: int) -> Rarity:
    texts = Excerpt.objects.filter(source__team_id=team_id).order_by("-id").values_list("text", flat=True)
    return Rarity.of(texts[:RARITY_SAMPLE])


def topic_of(component: Component) -> Topic:
    return Topic(
        component.title,
        component.summary,
        component.description,
        tuple(str(q) for q in component.questions or ()),
    )


def as_passage(excerpt: Excerpt) -> Passage:
    return Passage(
        excerpt.pk,
        excerpt.text,
        excerpt.kind,
        excerpt.memo,
        excerpt.source.site_id,
        excerpt.perspective or "",
    )


def placed_examples(guide: Guide) -> list[Placed]:
    """Every example chosen in the guide, as published now."""
    return [
        Placed(
            f"ex{e.pk}",
            e.section.component.key,
            e.section.component.title,
            e.excerpt_id,
            e.excerpt.source_id,
            e.excerpt.start,
            e.excerpt.end,
            e.wording,
            e.excerpt.source.kind,
            e.excerpt.participant_id is not None,
        )
        for e in Example.objects.filter(section__guide=guide).select_related(
            "section__component", "excerpt__source"
        )
    ]


def shortlist(section: Section, chosen: Sequence[Example], limit: int = 12) -> tuple[list[Candidate], int]:
    """The section's shortlist, ranked and with each candidate's warnings; and how many passages could be
    used here at all."""
    pool = list(candidates(section.guide.team_id, section.component, exclude={e.excerpt_id for e in chosen}))
    by_id = {e.pk: e for e in pool}
    ranked = rank(
        [as_passage(e) for e in pool],
        topic_of(section.component),
        team_rarity(section.guide.team_id),
        limit,
        chosen=[(e.excerpt.source.site_id, e.excerpt.perspective) for e in chosen],
    )
    placed = placed_examples(section.guide)
    for c in ranked:
        excerpt = c.excerpt = by_id[c.passage.id]
        item = Placed(
            "candidate",
            section.component.key,
            section.component.title,
            excerpt.pk,
            excerpt.source_id,
            excerpt.start,
            excerpt.end,
            excerpt.text.strip(),
            excerpt.source.kind,
            excerpt.participant_id is not None,
        )
        c.findings = tuple(
            text_findings(item.text, item.source_kind, item.has_participant) + repeat_findings(item, placed)
        )
    return ranked, len(pool)


def document_findings(doc: docmod.Document) -> dict[str, tuple[str, list[Finding]]]:
    """Warnings on a draft's examples, by block id: (the section's title, its findings)."""
    blocks = [(s, b) for s in doc.sections for b in s.blocks]
    excerpts = Excerpt.objects.filter(pk__in=[b.provenance.get("excerpt") for _s, b in blocks]).values_list(
        "pk", "source_id", "start", "end", "source__kind", "participant_id"
    )
    known: dict[int, tuple[int, int, int, str, int | None]] = {
        pk: (source, start, end, kind, person) for pk, source, start, end, kind, person in excerpts
    }
    items = []
    for section, block in blocks:
        pk = int(block.provenance.get("excerpt") or 0)
        source, start, end, kind, person = known.get(pk, (0, 0, 0, "", None))
        items.append(
            Placed(
                block.id,
                section.key,
                section.title,
                pk or 0,
                source,
                start,
                end,
                block.text,
                kind,
                person is not None,
            )
        )
    titles = {item.key: item.section_title for item in items}
    return {key: (titles[key], found) for key, found in findings_for(items).items() if found}


@dataclass(frozen=True)
class Raised:
    """A warning on a chosen example with its answer, if it has one."""

    example_id: int
    section_title: str
    finding: Finding
    answer: WarningAnswer | None = None
    section_id: int | None = None  # None: the example has been taken out since

    @property
    def key(self) -> str:
        """For the page: the id of this warning's answer form."""
        digest = hashlib.sha256(f"{self.finding.kind}/{self.finding.detail}".encode()).hexdigest()[:10]
        return f"answer-{self.example_id}-{digest}"

    @property
    def open(self) -> bool:
        """Still stands in the way of a release: a hard warning always does, another until answered."""
        return self.finding.hard or self.answer is None

    def line(self) -> str:
        return f"“{self.section_title}”: {self.finding.message}"


def raised(findings: dict[str, tuple[str, list[Finding]]]) -> list[Raised]:
    """The warnings on examples (by block or example key "ex<id>"), each with its answer."""
    ids = {int(key[2:]) for key in findings if key.startswith("ex") and key[2:].isdigit()}
    answers = {(a.example_id, a.kind, a.detail): a for a in WarningAnswer.objects.filter(example_id__in=ids)}
    sections = dict(Example.objects.filter(pk__in=ids).values_list("pk", "section_id"))
    out = []
    for key, (title, found) in findings.items():
        if not (key.startswith("ex") and key[2:].isdigit()):
            continue
        pk = int(key[2:])
        out += [Raised(pk, title, f, answers.get((pk, f.kind, f.detail)), sections.get(pk)) for f in found]
    return out


def guide_warnings(guide: Guide) -> list[Raised]:
    """Every warning on the guide's chosen examples as they stand now."""
    placed = placed_examples(guide)
    titles = {p.key: p.section_title for p in placed}
    return raised({key: (titles[key], found) for key, found in findings_for(placed).items() if found})

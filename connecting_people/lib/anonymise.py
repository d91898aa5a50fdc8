"""The anonymisation check: nothing is published that names a participant, a user of the system or a site
that did not agree to be named. ORM-free: it takes the register's names and the texts to publish.

Text and names are compared after normalising both: Unicode NFKC, accents folded ("Zoe Bronte" is
"Zoë Brontë"), zero-width characters and soft hyphens removed, case ignored, possessives dropped
("ALLONBY's"). A full name matches in any case; the parts that could be ordinary words (a first name, a
surname, a nickname, the distinctive words of a site's name) match only with a capital letter, so the
word "will" does not trip on a Will. A title or initial before a surname ("Mrs Allonby", "R. Allonby") is
reported with it. The text is cut into words once and each word is looked up, so thousands of names cost
no more than a few.

Beyond the register, `likely_names` finds capitalised words that are given names in a names list and
never appear in lower case in the same texts: names nobody registered, which a researcher must answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_MARKS = "\u0300-\u036f"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# Soft hyphen, zero-width space, non-joiner and joiner, word joiner, Mongolian vowel separator, BOM.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\u180e\ufeff")
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "lady", "lord"})
# Words that start a site's name but say nothing about which site it is.
GENERIC = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "in",
        "at",
        "on",
        "project",
        "projects",
        "centre",
        "center",
        "group",
        "groups",
        "service",
        "services",
        "team",
        "teams",
        "hub",
        "trust",
        "community",
        "communities",
        "association",
        "connections",
        "connectors",
        "connector",
        "network",
        "networks",
        "club",
        "house",
        "foundation",
        "charity",
        "partnership",
        "programme",
        "scheme",
        "voices",
        "peer",
        "support",
        "mental",
        "health",
        "care",
        "learning",
        "disability",
        "tenancy",
        "homes",
        "housing",
        "council",
        "nhs",
        "cmht",
    ]
)
# Common English words that some names lists also hold as given names from other languages.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "so",
        "he",
        "she",
        "my",
        "me",
        "we",
        "you",
        "it",
        "is",
        "in",
        "on",
        "at",
        "to",
        "an",
        "as",
        "by",
        "or",
        "if",
        "no",
        "do",
        "be",
        "go",
        "up",
        "us",
        "our",
        "his",
        "her",
        "they",
        "them",
        "their",
        "this",
        "that",
        "then",
        "than",
        "there",
        "here",
        "what",
        "when",
        "where",
        "who",
        "why",
        "how",
        "all",
        "any",
        "but",
        "for",
        "not",
        "yes",
        "one",
        "two",
        "just",
        "also",
        "very",
        "much",
        "more",
        "most",
        "some",
        "such",
        "only",
        "own",
        "same",
        "each",
        "every",
    ]
)


def fold(word: str) -> str:
    """The comparable form of a word or name: NFKC, invisible characters removed, accents folded, case
    folded."""
    word = "".join(c for c in unicodedata.normalize("NFKC", word) if c not in _INVISIBLE)
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Name:
    text: str  # as held in the register
    kind: str  # "pseudonym", "real name", "first name", "surname", "nickname", "user", "site", ...
    owner: str  # who or what it identifies, for the report ("participant P1 at site 3")
    capital: bool = False  # matches only when written with a capital letter


@dataclass(frozen=True)
class Leak:
    where: str
    found: str  # the words as they appear in the text
    name: Name
    context: str

    def __str__(self) -> str:
        return f"{self.where}: “{self.found}” ({self.name.kind} of {self.name.owner}) in “…{self.context}…”"


@dataclass(frozen=True)
class Word:
    folded: str
    plain: str  # as written, without a possessive
    start: int  # offsets into the original text
    end: int


def _words(text: str) -> list[Word]:
    """The words of a text, read with invisible characters removed, with offsets into the text as given."""
    kept = [i for i, c in enumerate(text) if c not in _INVISIBLE]
    clean = "".join(text[i] for i in kept)
    out = []
    for m in _WORD.finditer(clean):
        plain = _POSSESSIVE.sub("", m.group())
        if not plain:
            continue
        start, end = kept[m.start()], kept[m.start() + len(plain) - 1] + 1
        out.append(Word(fold(plain), text[start:end], start, end))
    return out


def _name_words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall("".join(c for c in text if c not in _INVISIBLE))]


def distinctive(name: str) -> str:
    """The words of a site's name that say which site it is: the leading run of words that are not generic
    ("Castleby" of "Castleby Peer Support Project"), or "" if there is none or it is the whole name."""
    words = _WORD.findall(name)
    lead: list[str] = []
    for word in words:
        if fold(word) in GENERIC:
            if lead:
                break
            continue
        lead.append(word)
    text = " ".join(lead)
    return "" if not lead or len(lead) == len(words) or len(text) < 3 else text


def register_names(entries: Iterable[tuple[str, str, str]]) -> list[Name]:
    """Expand (text, kind, owner) into the names to look for. Kinds: "pseudonym", "real name", "nickname",
    "user" (someone with an account), "site" and "host organisation". A person's name adds its first
    name and surname, a site's name its distinctive words and the name without "the"."""
    names: list[Name] = []
    for text, kind, owner in entries:
        text = " ".join((text or "").split())
        if len(text) < 2:
            continue
        words = _WORD.findall(text)
        if kind in ("real name", "user", "nickname"):
            names.append(Name(text, kind, owner, capital=len(words) < 2))
            if kind != "nickname" and len(words) > 1:
                if len(words[0]) > 1:
                    names.append(Name(words[0], "first name", owner, capital=True))
                if len(words[-1]) > 1:
                    names.append(Name(words[-1], "surname", owner, capital=True))
            continue
        names.append(Name(text, kind, owner))
        if kind in ("site", "host organisation"):
            if text.lower().startswith("the "):
                names.append(Name(text[4:], kind, owner))
            short = distinctive(text)
            if short:
                names.append(Name(short, f"{kind} (short form)", owner, capital=True))
    return names


def _title_or_initial_before(text: str, words: list[Word], i: int) -> int:
    """Where a leak starting at word i really starts: a title or initial just before it belongs to it."""
    if i == 0:
        return words[i].start
    before = words[i - 1]
    between = text[before.end : words[i].start]
    if between.strip() not in ("", ".") or "\n" in between:
        return words[i].start
    if before.folded in TITLES or (len(before.plain) == 1 and before.plain.isupper()):
        return before.start
    return words[i].start


def _capitalised(plain: str) -> bool:
    return plain[:1].isupper()


class Checker:
    def __init__(self, names: Iterable[Name]) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], Name]]] = {}
        owners: dict[tuple[str, ...], set[str]] = {}
        for name in names:
            words = tuple(_name_words(name.text))
            if words:
                self.index.setdefault(words[0], []).append((words, name))
                owners.setdefault(words, set()).add(name.owner)
        # Names whose words belong to more than one owner (two participants called Sam).
        self.shared = {
            name for entries in self.index.values() for words, name in entries if len(owners[words]) > 1
        }

    def knows(self, folded: str) -> bool:
        return folded in self.index

    def scan(self, texts: Iterable[tuple[str, str]]) -> list[Leak]:
        return [
            Leak(where, text[start:end], name, _context(text, start, end))
            for where, text in texts
            for start, end, name in self.spans(text)
        ]

    def spans(self, text: str) -> list[tuple[int, int, Name]]:
        """Where the text names someone: (start, end, the name), a title or initial before a surname
        included, in order and never overlapping (a full name is one span, not three)."""
        found: list[tuple[int, int, Name]] = []
        words = _words(text)
        covered = 0
        for i, word in enumerate(words):
            if word.start < covered:
                continue
            for pattern, name in sorted(self.index.get(word.folded, ()), key=lambda entry: -len(entry[0])):
                span = words[i : i + len(pattern)]
                if tuple(w.folded for w in span) != pattern:
                    continue
                if name.capital and not _capitalised(word.plain):
                    continue
                start, end = _title_or_initial_before(text, words, i), span[-1].end
                found.append((start, end, name))
                covered = end
                break
        return found

    def replace(self, text: str, shared: str) -> str:
        """The text with each name the check finds replaced by its owner (a register whose owners are
        pseudonyms: "Mrs Ashdown's" becomes "P1's"), or by `shared` where the words name more than one
        owner (two participants called Sam), so no one is given another's pseudonym."""
        for start, end, name in reversed(self.spans(text)):
            text = text[:start] + (shared if name in self.shared else name.owner) + text[end:]
        return text


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 30) : end + 30].replace("\n", " ").strip()


class AnonymisationError(Exception):
    """The output names someone. Carries every leak found, so they can all be fixed at once."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        super().__init__(
            f"The anonymisation check found {len(leaks)} "
            f"{'name' if len(leaks) == 1 else 'names'} that must not be published:\n"
            + "\n".join(f"- {leak}" for leak in leaks)
        )


def check(texts: Iterable[tuple[str, str]], names: Iterable[Name]) -> None:
    leaks = Checker(names).scan(texts)
    if leaks:
        raise AnonymisationError(leaks)


@dataclass(frozen=True)
class Candidate:
    """A word that looks like someone's name and is in nobody's register entry."""

    word: str  # folded: the question is about this word wherever it appears
    found: str  # as first written
    where: str
    context: str
    count: int


def likely_names(
    texts: Iterable[tuple[str, str]], given_names: frozenset[str], known: Checker
) -> list[Candidate]:
    """Capitalised words that are given names (in `given_names`, folded), are never written in lower case
    in these texts (so "Will" the name, not "will" the verb) and are not registered names already."""
    texts = list(texts)
    read = [(where, text, _words(text)) for where, text in texts]
    lower = {w.folded for _, _, words in read for w in words if not _capitalised(w.plain)}
    found: dict[str, list] = {}
    for where, text, words in read:
        for w in words:
            if (
                len(w.plain) < 2
                or not _capitalised(w.plain)
                or w.plain.isupper()
                or w.folded in lower
                or w.folded in _FUNCTION_WORDS
                or w.folded not in given_names
                or known.knows(w.folded)
            ):
                continue
            if w.folded in found:
                found[w.folded][4] += 1
            else:
                found[w.folded] = [w.folded, w.plain, where, _context(text, w.start, w.end), 1]
    return [Candidate(*values) for values in found.values()]


def replace_word(text: str, word: str, replacement: str) -> str:
    """`text` with every capitalised appearance of the folded `word` (in any spelling the check would
    match) replaced, keeping a possessive: "Wren's" with "the worker" gives "the worker's"."""
    spans = [(w.start, w.end) for w in _words(text) if w.folded == word and _capitalised(w.plain)]
    for start, end in reversed(spans):
        text = text[:start] + replacement + text[end:]
    return text

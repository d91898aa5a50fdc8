"""A realistic vocabulary for the benchmarks' made-up text: 30,000 word forms drawn with Zipf's law (the
word of rank r with probability proportional to 1/r), with some of the project's domain words placed
among them, so a common word is in most texts and a rare one in a handful, and a 5,000-word
transcript holds about 2,100 different words (a real interview of that length has 1,000 to 1,500:
the made-up text is a little harder to index than life, and its words are longer). Shared by
`search_bench.py` and `import_bench.py`."""

from __future__ import annotations

import itertools
import random

import numpy

VOCABULARY_SIZE = 30_000
# Domain words placed at ranks from common to rare, so a query for "allotment" behaves like one for a
# made-up word of the same rank.
DOMAIN = {
    12: "support",
    25: "group",
    40: "worker",
    60: "together",
    90: "walk",
    130: "friend",
    180: "confidence",
    250: "volunteer",
    350: "garden",
    500: "library",
    700: "choir",
    1000: "allotment",
    1400: "neighbour",
    2000: "referral",
    3000: "pottery",
    4500: "café",
    7000: "funder",
    10000: "partnership",
    15000: "kettle",
    25000: "lido",
}
ONSETS = ["b", "d", "g", "h", "l", "m", "n", "p", "r", "v", "w", "br", "st", "th", "gr"]
NUCLEI = ["a", "e", "i", "o", "ai", "ea", "ou"]
CODAS = ["", "n", "r", "l", "nd", "m"]


def vocabulary() -> list[str]:
    """VOCABULARY_SIZE distinct word forms, most frequent first."""
    syllables = [o + n + c for o in ONSETS for n in NUCLEI for c in CODAS]
    rng = random.Random(5)
    words: list[str] = []
    seen = set(DOMAIN.values())
    lengths = itertools.cycle([1, 1, 2, 2, 2, 3])  # short words are the common ones
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(syllables) for _ in range(next(lengths) + len(words) // 8000))
        if word not in seen:
            seen.add(word)
            words.append(word)
    for rank, word in sorted(DOMAIN.items()):
        words.insert(rank - 1, word)
    return words[:VOCABULARY_SIZE]


class Corpus:
    """Sentences drawn from the Zipf distribution over the vocabulary (numpy draws them in bulk)."""

    def __init__(self, seed: int) -> None:
        self.words = vocabulary()
        self.array = numpy.array(self.words, dtype=object)
        self.cum = numpy.cumsum(1 / numpy.arange(1, len(self.words) + 1))
        self.rng = random.Random(seed)
        self.draws = numpy.random.default_rng(seed)

    def sentences(self, n: int) -> list[str]:
        lengths = self.draws.integers(8, 25, size=n)
        picks = numpy.searchsorted(self.cum, self.draws.random(int(lengths.sum())) * self.cum[-1])
        words = self.array[picks]
        ends = numpy.cumsum(lengths)
        return [
            " ".join(words[end - length : end]).capitalize() + "."
            for end, length in zip(ends.tolist(), lengths.tolist(), strict=True)
        ]

    def rank(self, lo: int, hi: int) -> str:
        return self.words[self.rng.randint(lo, hi) - 1]

"""Which task of the parent plan a child plan's task carries out, proposed from their wording
(docs/domain.md §8.1): TF-IDF vectors of folded syllables and syllable pairs, compared by cosine.

Vietnamese writes a word as several syllables ("đảng viên", "kiểm tra"), so pairs of neighbouring syllables
carry most of the meaning and single syllables the rest. Text is folded first (organizations/text.py), so a
file typed without diacritics matches as well. Each task's section headings count too, at half weight: in
62-KH/ĐUK "3.2. Tăng cường chỉ đạo công tác quản lý đảng viên" says what its bullets are about. The weights
are learnt from the parent plan alone; the proposal is only a proposal, shown with its score for a person
to confirm or change on the review page. Pure Python: a plan has tens of tasks, not thousands.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from organizations.text import fold

# A proposal below this cosine is no proposal: the child task is left unlinked for a person to decide.
MIN_SCORE = 0.08
HEADING_WEIGHT = 0.5

_WORD = re.compile(r"[a-z0-9]+")
# Syllables that say nothing about what a task is about (folded).
_STOP = frozenset(
    [
        "va",
        "cac",
        "cua",
        "cho",
        "de",
        "voi",
        "trong",
        "theo",
        "tai",
        "la",
        "co",
        "duoc",
        "nhung",
        "mot",
        "nay",
        "do",
        "ve",
        "tu",
        "den",
        "khi",
        "nhat",
        "tot",
        "hon",
        "cung",
        "tren",
        "sau",
        "truoc",
        "moi",
        "thuc",
        "hien",
        "so",
        "ngay",
        "nam",
        "thang",
    ]
)


def _terms(text: str, weight: float = 1.0) -> Counter:
    syllables = [s for s in _WORD.findall(fold(text)) if not s.isdigit()]
    counts: Counter = Counter()
    for syllable in syllables:
        if syllable not in _STOP:
            counts[syllable] += weight
    for first, second in zip(syllables, syllables[1:], strict=False):
        if first not in _STOP or second not in _STOP:
            counts[f"{first} {second}"] += weight
    return counts


@dataclass(frozen=True)
class Candidate:
    """A task of the parent plan: its number, its text and the headings of the sections above it."""

    number: str
    text: str
    headings: str = ""


@dataclass(frozen=True)
class Proposal:
    number: str | None  # the parent task proposed, None when nothing reaches MIN_SCORE
    score: float  # the cosine of the best candidate, 0 to 1


class ParentTaskMatcher:
    """The parent plan's tasks as vectors, ready to compare child tasks with."""

    def __init__(self, candidates: list[Candidate]):
        self.candidates = candidates
        bags = [_terms(c.text) + _terms(c.headings, HEADING_WEIGHT) for c in candidates]
        documents = len(bags)
        frequency: Counter = Counter(term for bag in bags for term in bag)
        self.idf = {term: math.log((1 + documents) / (1 + count)) + 1 for term, count in frequency.items()}
        self.unseen_idf = math.log(1 + documents) + 1
        self.vectors = [self._vector(bag) for bag in bags]

    def _vector(self, bag: Counter) -> dict[str, float]:
        vector = {t: (1 + math.log(n)) * self.idf.get(t, self.unseen_idf) for t, n in bag.items() if n > 0}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {term: value / norm for term, value in vector.items()}

    def propose(self, text: str, headings: str = "") -> Proposal:
        vector = self._vector(_terms(text) + _terms(headings, HEADING_WEIGHT))
        best, best_score = None, 0.0
        for candidate, other in zip(self.candidates, self.vectors, strict=True):
            score = sum(value * other.get(term, 0.0) for term, value in vector.items())
            if score > best_score:
                best, best_score = candidate, score
        if best is None or best_score < MIN_SCORE:
            return Proposal(number=None, score=round(best_score, 2))
        return Proposal(number=best.number, score=round(best_score, 2))

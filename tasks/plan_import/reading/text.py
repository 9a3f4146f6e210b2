"""Text helpers of the plan reader: cleaning lines, telling capitals, sentence ends and list marks apart.

The folded form (``fold``) is ``organizations.text.fold_aligned``: lower case without diacritics, one
character for one, so that a pattern found in it can be cut out of the original text.
"""

import re

from organizations.text import fold_aligned as fold
from organizations.text import nfc

__all__ = ["fold", "nfc"]

NEWLINES = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Emphasis marks in a pasted text: "*thực hiện thường xuyên*". Bounded: a run of asterisks stays cheap.
EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\1(?![\w*])")
ORNAMENT = re.compile(r"[*\-_=~.·•–—−]+")
TERMINAL = ".:;!?…"
BULLET_MARKS = "-+•●▪◦○■□➢►✓*–—−\uf0b7\uf0a7\uf0d8"


def clean_lines(text: str) -> list[str]:
    """The text's lines: NFC, one kind of newline, runs of spaces collapsed, emphasis marks dropped."""
    text = nfc(text or "").lstrip("\ufeff")
    text = NEWLINES.sub("\n", text)
    lines = []
    for raw in text.split("\n"):
        line = SPACES.sub(" ", raw).strip()
        if "*" in line:
            for _round in range(3):  # "***x***" and nested emphasis
                previous, line = line, EMPHASIS.sub(r"\2", line)
                if previous == line:
                    break
        lines.append(line)
    return lines


def is_ornament(line: str) -> bool:
    return bool(ORNAMENT.fullmatch(line.replace(" ", "")))


def is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return (
        len(letters) >= 2 and not any(ch.islower() for ch in letters) and any(ch.isupper() for ch in letters)
    )


def starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if ch not in "\"'“‘(":
            return False
    return False


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(" )”\"'’*")
    return bool(stripped) and stripped[-1] in TERMINAL


def strip_end(text: str, chars: str = " ,;.") -> str:
    return text.strip().rstrip(chars).strip()

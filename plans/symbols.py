"""Document symbols (số và ký hiệu): parsing, normalization and the stated-type check.

A symbol is ``{number}-{type}/{issuer}``, e.g. ``62-KH/ĐUK``. Users paste symbols with stray spaces
(``21- NQ/TW``); those are normalized. A type word written before the symbol ("Nghị quyết số 21-KL/TW")
that disagrees with the symbol's own type is reported, never silently corrected.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organizations.text import fold, nfc

# Type code → Vietnamese name(s) as written before a symbol. Order matters for the longest match.
TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "NQ": ("nghị quyết",),
    "QĐ": ("quyết định", "quy định"),
    "QĐi": ("quy định",),
    "CT": ("chỉ thị",),
    "KL": ("kết luận",),
    "QC": ("quy chế",),
    "TT": ("thông tri",),
    "HD": ("hướng dẫn",),
    "TB": ("thông báo",),
    "BC": ("báo cáo",),
    "KH": ("kế hoạch",),
    "CTr": ("chương trình hành động", "chương trình"),
    "ĐA": ("đề án",),
    "TTr": ("tờ trình",),
    "CV": ("công văn",),
}
TYPE_CODES = tuple(TYPE_NAMES)

# The type word a writer uses maps to one code; "quy định" is QĐ (QĐi is accepted as the same type).
_WORD_TO_CODE: list[tuple[str, str]] = sorted(
    ((fold(word), code) for code, words in TYPE_NAMES.items() for word in words if code != "QĐi"),
    key=lambda pair: -len(pair[0]),
)
_EQUIVALENT = {"QĐi": "QĐ"}

_SYMBOL_RE = re.compile(
    r"(?P<number>\d+)\s*-\s*(?P<type>[A-Za-zĐđ]+)\s*/\s*"
    r"(?P<issuer>[A-Za-zĐđ][A-Za-zĐđ0-9]*(?:\s*-\s*[A-Za-zĐđ0-9]+)?)",
)
# Look-alike characters that pasted text often carries: the Icelandic eth for Đ (legacy fonts), dashes.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "–": "-", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class Symbol:
    number: str
    type: str
    issuer: str

    def __str__(self) -> str:
        return f"{self.number}-{self.type}/{self.issuer}"


class SymbolError(ValueError):
    pass


def _canonical_type(raw: str) -> str | None:
    for code in TYPE_CODES:
        if code.lower() == raw.lower():
            return code
    return None


def parse_symbol(text: str) -> Symbol:
    """Parse a symbol, tolerating spaces around ``-`` and ``/``; raise SymbolError otherwise."""
    cleaned = nfc(text or "").translate(_LOOKALIKES).strip()
    match = _SYMBOL_RE.fullmatch(cleaned)
    if not match:
        raise SymbolError(
            _("“%(text)s” is not a document symbol of the form number-TYPE/ISSUER, e.g. 62-KH/ĐUK.")
            % {"text": text}
        )
    doc_type = _canonical_type(match["type"])
    if doc_type is None:
        raise SymbolError(
            _("“%(type)s” in “%(text)s” is not a known document type (%(types)s).")
            % {"type": match["type"], "text": text, "types": ", ".join(TYPE_CODES)}
        )
    issuer = re.sub(r"\s+", "", match["issuer"]).upper()
    # The number is kept as issued: "05-CTr/TU" is written with its leading zero.
    return Symbol(number=match["number"], type=doc_type, issuer=issuer)


def normalize_symbol(text: str) -> str:
    """``21- NQ/TW`` → ``21-NQ/TW``."""
    return str(parse_symbol(text))


def stated_type_of(words: str) -> str | None:
    """The type code of the words written just before a symbol ("Nghị quyết số" → NQ), or None."""
    folded = fold(words).strip()
    folded = re.sub(r"\s+so$", "", folded).strip()
    for word, code in _WORD_TO_CODE:
        # Whole words only: the type word ends the text and starts it or follows a space.
        if folded == word or folded.endswith(" " + word):
            return code
    return None


def type_word_of(words: str) -> str | None:
    """The type word written just before a symbol, as the dictionary spells it ("Quy định" → "quy định"),
    or None: what the document calls itself when its code stands for two words (QĐ: quyết định, quy định)."""
    folded = re.sub(r"\s+so$", "", fold(words).strip()).strip()
    for names in TYPE_NAMES.values():
        for name in names:
            if folded == fold(name) or folded.endswith(" " + fold(name)):
                return name
    return None


def cited_symbol(written_as: str) -> tuple[Symbol, str] | None:
    """The symbol a citation writes ("Nghị quyết số 21-KL/TW, ngày 16/6/2022" → 21-KL/TW) and the words
    before it ("Nghị quyết số"), or None when it writes none that parses."""
    text = nfc(written_as or "").translate(_LOOKALIKES)
    match = _SYMBOL_RE.search(text)
    if match is None:
        return None
    try:
        return parse_symbol(match.group(0)), text[: match.start()]
    except SymbolError:
        return None


def meant_symbol(symbol: str, stated: str | None) -> str | None:
    """For a citation whose type word disagrees with its symbol ("Nghị quyết số 21-KL/TW"), the symbol the
    type word points to (21-NQ/TW); None when they agree or the symbol does not parse."""
    try:
        parsed = parse_symbol(symbol)
    except SymbolError:
        return None
    if not stated or types_agree(stated, parsed.type):
        return None
    return str(Symbol(number=parsed.number, type=stated, issuer=parsed.issuer))


def types_agree(stated: str | None, actual: str) -> bool:
    if not stated:
        return True
    stated = _EQUIVALENT.get(stated, stated)
    actual = _EQUIVALENT.get(actual, actual)
    return stated == actual


def type_mismatch_warning(symbol: str, stated: str | None) -> str | None:
    """A sentence for staff when the written type word disagrees with the symbol's type."""
    try:
        parsed = parse_symbol(symbol)
    except SymbolError:
        return None
    if types_agree(stated, parsed.type):
        return None
    return _(
        "The text calls %(symbol)s a “%(stated)s” but its symbol is of type %(type)s (“%(type_name)s”): "
        "check which document is meant."
    ) % {
        "symbol": parsed,
        "stated": TYPE_NAMES.get(stated, (stated,))[0],
        "type": parsed.type,
        "type_name": TYPE_NAMES.get(parsed.type, (parsed.type,))[0],
    }


# --- the issuer code and the issuing body ------------------------------------------------------------------
# The level of the committee each well-known issuer code names (docs/domain.md §3). An advisory body's code
# ends with its committee's (BTCTU: the Ban Tổ chức of a Tỉnh ủy), so a code is read by its ending; codes
# outside this list (BCĐ35...) name bodies Plantrack cannot place and are not checked.
ISSUER_LEVELS: tuple[tuple[str, bool, tuple[str, ...]], ...] = (
    # (code, also as an ending, organization kinds of the issuing committee)
    ("TW", True, ("central",)),
    ("TU", True, ("provincial",)),
    ("ĐUK", True, ("upper",)),
    ("ĐU", False, ("upper", "grassroots_committee", "sub_committee")),
    ("CB", False, ("grassroots_cell", "sub_cell")),
)


def issuer_mismatch(code: str, issuer) -> str | None:
    """Why the symbol's issuer `code` cannot be that of the chosen issuing body, or None when it can (or
    cannot be told). An advisory body speaks with its committee's code."""
    if issuer is None:
        return None
    committee_kind = issuer.kind
    if issuer.kind in ("advisory", "mass") and issuer.depth > 1:
        parent = (
            type(issuer).objects.filter(path=issuer.path[: -issuer.steplen]).values_list("kind", flat=True)
        )
        committee_kind = parent.first() or issuer.kind
    for known, as_ending, kinds in ISSUER_LEVELS:
        if code == known or (as_ending and code.endswith(known)):
            if committee_kind in kinds:
                return None
            return _(
                "The symbol's issuer code “%(code)s” is not that of %(issuer)s: check the symbol or the issuer."
            ) % {
                "code": code,
                "issuer": issuer.name,
            }
    return None

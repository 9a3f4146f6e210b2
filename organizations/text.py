"""Text helpers shared by every app: the one diacritic fold, for search and for reading Vietnamese text."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so that "to chuc" finds "Tổ chức" and "dang" finds "Đảng"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold_aligned(text: str) -> str:
    """`fold`, one character for one: a position in the result is the same position in `text`, so that a
    pattern found in the folded text can be cut out of the original. NFC input (the way text is kept)."""
    return "".join(_fold_char(ch) for ch in text or "")


_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _FOLDED.get(ch)
    if folded is None:
        folded = fold(ch)
        if len(folded) != 1:  # a character without a one-letter base keeps its own lower case, or itself
            lowered = ch.lower()
            folded = lowered if len(lowered) == 1 else ch
        if len(_FOLDED) < 65536:
            _FOLDED[ch] = folded
    return folded

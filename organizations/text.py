"""Text helpers shared by every app: diacritic-insensitive folding for search."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so that "to chuc" finds "Tổ chức" and "dang" finds "Đảng"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")

"""The one decoder of a plan's text file, for the browser and for ``manage.py import_plan``.

UTF-8 (with or without its BOM), UTF-16 with its BOM (and without one when its zero bytes give it away), and
Windows-1258, the code page Vietnamese Windows saved text in (its tone marks combine; NFC joins them). Text
typed with the legacy font encodings TCVN3 (ABC, the .Vn fonts) or VNI (the VNI- fonts) is refused with a
message naming the encoding and how to convert it: decoded as a code page it yields letters that no
Vietnamese text holds, which is how it is recognised.
"""

import codecs

from django.utils.translation import gettext as _

from tasks.plan_import.reading.limits import PlanReadError

# Bytes that TCVN3 uses for Vietnamese letters (đ, Đ, the toned vowels) and that no Vietnamese text in
# Windows-1258 holds: ® § µ ¸ ¶ · ¹ ¨ © ª « ¬ ¦ ¤ ¥ ¢ £ ¡ ¿ ¾ ½ ¼ » º ³ ² ±.
_TCVN3 = frozenset(
    b"\xae\xa7\xb5\xb8\xb6\xb7\xb9\xa8\xa9\xaa\xac\xa6\xa4\xa5\xa2\xa3\xa1\xbf\xbe\xbd\xbc\xbb\xba\xb3\xb2\xb1"
)
# Bytes VNI uses for đ/Đ and for tone marks after a vowel (ñ Ñ ø û ï ö õ ò ó) that Vietnamese in Windows-1258
# never holds (õ and ò are "ơ" and a combining mark there: counted only after a Latin vowel).
_VNI = frozenset(b"\xf1\xd1\xf8\xfb\xef\xf6")
_VOWELS = frozenset(b"aeiouyAEIOUY")


def _legacy(data: bytes) -> str | None:
    """'TCVN3', 'VNI' or None: which legacy font encoding an 8-bit text is written in, if any."""
    letters = sum(1 for byte in data if byte >= 0x41)
    if not letters:
        return None
    tcvn3 = sum(1 for byte in data if byte in _TCVN3)
    vni = sum(1 for byte in data if byte in _VNI)
    vni += sum(
        1
        for first, second in zip(data, data[1:], strict=False)
        if first in _VOWELS and second in b"\xf5\xf2\xf3"
    )
    threshold = max(3, letters // 200)
    if tcvn3 >= threshold and tcvn3 >= vni:
        return "TCVN3"
    if vni >= threshold:
        return "VNI"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def text_decode(*, data: bytes, name: str) -> str:
    """The text of a plan's text file; PlanReadError (a message for the user) when it is not text we read."""
    encoding = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(data)
    if encoding:
        try:
            return _no_binary(data.decode(encoding), name)
        except UnicodeDecodeError as error:
            raise PlanReadError(_not_text(name)) from error
    try:
        return _no_binary(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        pass
    legacy = _legacy(data)
    if legacy is not None:
        raise PlanReadError(
            _(
                "“%(name)s” is typed in the old %(encoding)s encoding (fonts .VnTime, VNI-Times...), which "
                "Plantrack does not read. Convert it to Unicode (Unikey: Công cụ → Chuyển mã, from %(encoding)s "
                "to Unicode), or open it in Word and save it as .docx, then upload it again."
            )
            % {"name": name, "encoding": legacy}
        )
    return _no_binary(data.decode("cp1258", errors="replace"), name)


def _not_text(name: str) -> str:
    return _(
        "“%(name)s” is not text in UTF-8. Save it as “Unicode (UTF-8)” text, upload the Word (.docx) file "
        "instead, or paste the text below."
    ) % {"name": name}


def _no_binary(text: str, name: str) -> str:
    if "\x00" in text:
        raise PlanReadError(
            _("“%(name)s” holds binary data, not text: upload the Word (.docx) file or paste the text below.")
            % {"name": name}
        )
    return text

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

# Bytes that no Vietnamese text in Windows-1258 holds (symbols A1-BF but « · », and Latin letters of other
# languages); text typed in a legacy font encoding is full of them.
_FOREIGN = frozenset(
    set(range(0xA1, 0xC0)) - {0xAB, 0xB7, 0xBB}
    | set(b"\xc4\xc5\xc6\xc7\xcb\xce\xcf\xd1\xd6\xd7\xd8\xdb\xdc\xdf")
    | set(b"\xe4\xe5\xe6\xe7\xeb\xee\xef\xf1\xf6\xf7\xf8\xfb\xfc\xff")
)
# VNI writes đ/Đ as ñ/Ñ and puts tone marks after the vowel as Latin letters (ø ù û õ ï ö ...); TCVN3 puts its
# toned vowels and đ (®) in the symbol range A1-BF.
_VNI = frozenset(b"\xf1\xd1\xf8\xfb\xef\xf6\xd8\xdb\xcf\xd6")


def _legacy(data: bytes) -> str | None:
    """'TCVN3', 'VNI' or None: which legacy font encoding an 8-bit text is written in, if any."""
    letters = sum(1 for byte in data if byte >= 0x41)
    foreign = [byte for byte in data if byte in _FOREIGN]
    if not letters or len(foreign) < max(1, letters // 400):
        return None
    vni = sum(1 for byte in foreign if byte in _VNI)
    return "VNI" if vni * 2 > len(foreign) else "TCVN3"


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
    if b"\x00" in data:
        _no_binary("\x00", name)
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

"""The header and the closing of a plan.

Header: the superior and issuing bodies (capital lines at the top), ``Số 62-KH/ĐUK`` (the plan's own symbol,
never counted as a reference), the motto line, the place-date line (``Quy Nhơn, ngày 15 tháng 12 năm 2023``
→ ``place`` and ``document.issued_on``), the type name (``KẾ HOẠCH``) and the paragraph after it: the title,
whose citations are what the plan ``implements``. A Word file lays the header out in a borderless two-column
table: its cells come as lines in reading order (tasks/plan_import/reading/docx.py), which is all this needs.

Closing: the lines after ``Nơi nhận:`` (without the leading dash, punctuation kept) are the recipients;
``T/M ...``/``K/T ...``, the title under it and the name after the blank lines are the signature.
"""

import datetime
import re

from django.utils.translation import gettext as _

from plans.symbols import TYPE_NAMES, SymbolError, parse_symbol
from tasks.plan_import.reading.structure import classify, is_heading_line
from tasks.plan_import.reading.text import (
    ends_sentence,
    is_caps,
    is_ornament,
    starts_lower,
    strip_end,
)
from tasks.plan_import.reading.text import fold as _fold

_SYMBOL_LINE = re.compile(r"^(?:số|so|sô)\s*:?\s*(?P<symbol>\S.*?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,60}),\s*ngay\s+(?P<d>\d{1,2}|[.…_ ]+)\s+thang\s+(?P<m>\d{1,2}|[.…_ ]+)\s+nam\s+(?P<y>\d{4})\s*\.?$"
)
_PREAMBLE_START = re.compile(
    r"^(?:can cu|thuc hien|trien khai|thi hanh|de |nham |qua |tren co so|theo |quan triet)"
)
_MOTTOS = {"dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc"}
_TYPE_LINES = {_fold(word): code for code, words in TYPE_NAMES.items() for word in words}
_RECIPIENTS = re.compile(r"^n[oơ]i nh[aậ]n(?!\w)\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:T/M|K/T|T/L|(?:TM|KT|TL|TUQ)(?:\.|(?=\s))|Q\.)\s*(?P<rest>.+)$")
_SIGNED_NOTE = re.compile(
    r"^[(\[]?\s*(?:da ky|đa ky|ky ten|ky, ghi ro ho ten|ky va ghi ro ho ten)[^)\]]*[)\]]?\.?$"
)
_SIGNER_TITLES = {
    "bi thu",
    "pho bi thu",
    "chu nhiem",
    "pho chu nhiem",
    "truong ban",
    "pho truong ban",
    "chanh van phong",
}


def _symbol_of_line(line: str) -> str | None:
    match = _SYMBOL_LINE.match(line)
    candidate = match["symbol"] if match else line
    try:
        return str(parse_symbol(candidate))
    except SymbolError:
        return None


def _is_motto(line: str) -> bool:
    folded = re.sub(r"\s*[-–—]\s*", " - ", _fold(line)).strip()
    return folded in _MOTTOS


def _is_signature_start(line: str) -> bool:
    match = _AUTHORITY.match(line)
    if match and is_caps(match["rest"]):
        return True
    return is_caps(line) and _fold(line).strip(" .") in _SIGNER_TITLES


class HeaderReader:
    """The header and closing steps of the plan reader (mixed into tasks/plan_import/reading/parse.py)."""

    def _place_date(self, line: str) -> bool:
        match = _PLACE_DATE.match(_fold(line))
        if not match or self.document["place_date"]:
            return False
        self.document["place_date"] = line
        self.place = strip_end(line[: match.end("place")])
        if match["d"].isdigit() and match["m"].isdigit():
            try:
                self.document["issued_on"] = datetime.date(
                    int(match["y"]), int(match["m"]), int(match["d"])
                ).isoformat()
            except ValueError:
                self.warn(_("The date of the plan “%(line)s” is not a date that exists.") % {"line": line})
        return True

    def parse_header(self) -> int:
        lines, i, caps = self.lines, 0, []
        type_seen = False
        while i < len(lines):
            line = lines[i]
            if not line or is_ornament(line):
                i += 1
                continue
            if not self.document["symbol"]:
                symbol = _symbol_of_line(line) if (_SYMBOL_LINE.match(line) or " " not in line) else None
                if symbol:
                    parsed = parse_symbol(symbol)
                    self.document.update(
                        symbol=symbol,
                        number=parsed.number,
                        type=parsed.type,
                        issuer=parsed.issuer,
                        written_as=line,
                    )
                    i += 1
                    continue
            if _is_motto(line):
                self.document["motto"] = "\n".join(filter(None, [self.document["motto"], line]))
                i += 1
                continue
            if self._place_date(line):
                i += 1
                continue
            folded = _fold(line).strip(" .:")
            if is_caps(line) and folded in _TYPE_LINES:
                self.document["type_name"] = line
                if not self.document["type"]:
                    self.document["type"] = _TYPE_LINES[folded]
                type_seen = True
                i += 1
                break
            if is_caps(line) and not is_heading_line(line) and not _is_signature_start(line):
                caps.append(line)
                i += 1
                continue
            break
        if caps:
            self.document["issuer_name"] = caps[-1]
            self.document["superior"] = "\n".join(caps[:-1])
        if not type_seen:
            return i
        # The title: the paragraph after the type name, unless it is already the preamble or a heading.
        j = i
        while j < len(lines) and (not lines[j] or is_ornament(lines[j])):
            j += 1
        title_lines = []
        k = j
        while k < len(lines) and lines[k] and not is_ornament(lines[k]):
            if is_heading_line(lines[k]) or _RECIPIENTS.match(lines[k]) or _is_signature_start(lines[k]):
                break
            if title_lines and (ends_sentence(title_lines[-1]) or _PREAMBLE_START.match(_fold(lines[k]))):
                break  # the preamble follows the title without a blank line
            title_lines.append(lines[k])
            k += 1
        title = " ".join(title_lines)
        if title and not title.endswith(":") and not _fold(title).startswith("can cu"):
            self.document["title"] = title
            self.implements = self.references.scan(title)
            return k
        return i

    # -- body blocks ---------------------------------------------------------------------------------

    def closing_start(self, start: int) -> int:
        """Where "Nơi nhận" or the signature begins: after the last numbered heading, never before."""
        lines = self.lines
        last_heading = max(
            (i for i in range(start, len(lines)) if is_heading_line(lines[i])), default=start - 1
        )
        for i in range(last_heading + 1, len(lines)):
            line = lines[i]
            if not line:
                continue
            if _RECIPIENTS.match(line) and (
                len(line) < 20 or _RECIPIENTS.match(line)["rest"].startswith(("-", "+", "•"))
            ):
                return i
            if _AUTHORITY.match(line) and _is_signature_start(line):
                return i
            if _is_signature_start(line):
                rest = [x for x in lines[i + 1 :] if x]
                if len(rest) <= 3 and not any(classify(x).kind != "para" for x in rest):
                    return i
        return len(lines)

    def parse_closing(self, lines: list[str]) -> None:
        mode = None
        signature_lines: list[str] = []
        for line in lines:
            if not line or is_ornament(line):
                continue
            recipients = _RECIPIENTS.match(line)
            if recipients:
                mode = "recipients"
                rest = recipients["rest"].strip()
                if rest:
                    self._recipient(rest)
                continue
            if _is_signature_start(line) and (mode != "signature" or _AUTHORITY.match(line)):
                if mode == "signature" and signature_lines:
                    self._signature(signature_lines)
                    signature_lines = []
                mode = "signature"
                signature_lines.append(line)
                continue
            if self._place_date(line):
                continue
            if mode == "recipients":
                if classify(line).kind == "bullet" or not self.recipients or not starts_lower(line):
                    self._recipient(line)
                else:
                    self.recipients[-1] = self.recipients[-1] + " " + strip_end(line)
            elif mode == "signature":
                signature_lines.append(line)
            else:
                self.unplaced(line)
        if signature_lines:
            self._signature(signature_lines)

    def _recipient(self, line: str) -> None:
        text = re.sub(r"^[-+•●▪◦○■□➢►✓*–—−]\s*", "", line).strip()
        if re.search(r"\w", text):
            self.recipients.append(text)
        elif re.search(r"\w", line):
            self.unplaced(line)

    def _signature(self, lines: list[str]) -> None:
        def put(key: str, value: str) -> None:
            if self.signature.get(key):
                self.unplaced(value)  # a second signature block: the first one stands
            else:
                self.signature[key] = value

        rest = list(lines)
        if _AUTHORITY.match(rest[0]):
            put("authority", rest.pop(0))
        if rest and is_caps(rest[0]) and (len(rest) > 1 or _fold(rest[0]).strip(" .") in _SIGNER_TITLES):
            put("title", rest.pop(0))
        notes = [line for line in rest if _SIGNED_NOTE.match(_fold(line))]
        rest = [line for line in rest if line not in notes]
        if notes:
            put("note", " ".join(notes))
        if rest:
            put("name", rest.pop(0))
        for line in rest:
            self.unplaced(line)

    # -- sections and tasks --------------------------------------------------------------------------

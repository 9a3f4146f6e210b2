"""The documents a plan cites: every distinct symbol, in order of first mention, normalized (``21- NQ/TW`` →
``21-NQ/TW``), with the type word written before it (``stated_type``) and the date after it; ``written_as``
is the citation as written. Two citations of one symbol with different dates are two documents; an undated
citation is the first document with that symbol. A type word that disagrees with the symbol is flagged."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.symbols import TYPE_NAMES, SymbolError, parse_symbol, stated_type_of, type_mismatch_warning
from tasks.plan_import.reading.text import fold as _fold

_SYMBOL_IN_TEXT = re.compile(
    r"(?<![\w/])(?P<symbol>\d{1,5}\s*-\s*[A-Za-zĐđÐð]{1,5}\s*/\s*[A-ZĐÐ][A-Za-zĐđÐð0-9]*(?:-[A-ZĐÐ0-9][A-Za-zĐđÐð0-9]*)?)(?![\w])"
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hanh\s+)?ngay\s+(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
_ALIAS = re.compile(r"(?:sau day )?goi (?:tat )?la\s+[^,;()]*$")
_TYPE_WORDS = sorted({word for words in TYPE_NAMES.values() for word in words}, key=len, reverse=True)


@dataclass
class _Reference:
    symbol: str
    type: str
    issued_on: str | None
    stated_type: str | None = None
    warning: str | None = None
    written_as: str = ""


@dataclass
class References:
    items: list[_Reference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    by_symbol: dict[str, list[int]] = field(default_factory=dict)  # a lookup, not a scan of every item

    def scan(self, text: str, *, aliases: bool = True) -> list[int]:
        """Record the citations in `text`; return the indexes of the references it mentions, in order.

        With ``aliases=False`` a short name given to the document just cited ("(sau đây gọi là Nghị quyết
        số 21-NQ/TW)") is recorded but not returned: it is not a citation of its own.
        """
        mentioned: list[int] = []
        folded = _fold(text)
        for match in _SYMBOL_IN_TEXT.finditer(text):
            raw = match["symbol"]
            try:
                parsed = parse_symbol(raw)
            except SymbolError as error:
                warning = str(error.args[0]) if error.args else raw
                if warning not in self.warnings:
                    self.warnings.append(warning)
                continue
            symbol = str(parsed)
            before = text[max(0, match.start() - 60) : match.start()]
            before = re.split(r"[,;:()\n“”\"]", before)[-1]
            stated = stated_type_of(before) if before.strip() else None
            written_as = raw
            if stated:
                folded_before = _fold(before)
                for word in _TYPE_WORDS:
                    position = folded_before.rfind(_fold(word))
                    if position >= 0 and stated_type_of(before[position:]) == stated:
                        written_as = (before[position:] + raw).strip()
                        break
            issued_on = None
            date = _DATE_AFTER.match(folded[match.end() :])
            if date:
                # The citation as written runs to the end of its date: "Kế hoạch số 56-KH/ĐUK ngày 02/12/2022".
                written_as = (written_as + text[match.end() : match.end() + date.end()]).strip()
                day, month, year = (
                    (date["d"], date["m"], date["y"]) if date["d"] else (date["d2"], date["m2"], date["y2"])
                )
                try:
                    issued_on = datetime.date(int(year), int(month), int(day)).isoformat()
                except ValueError:
                    self.warnings.append(
                        _("The date after %(symbol)s is not a date that exists; it was left out.")
                        % {"symbol": symbol}
                    )
            index = self._merge(symbol, parsed.type, issued_on, written_as)
            reference = self.items[index]
            if stated and (reference.stated_type is None or reference.warning is None):
                warning = type_mismatch_warning(symbol, stated)
                if warning and reference.warning is None:
                    reference.stated_type, reference.warning = stated, warning
                    reference.written_as = written_as
                    if warning not in self.warnings:
                        self.warnings.append(warning)
                elif reference.stated_type is None:
                    reference.stated_type = stated
            alias = _ALIAS.search(folded[max(0, match.start() - 80) : match.start()])
            if index not in mentioned and (aliases or not alias):
                mentioned.append(index)
        return mentioned

    def _merge(self, symbol: str, doc_type: str, issued_on: str | None, written_as: str) -> int:
        same = self.by_symbol.setdefault(symbol, [])
        if issued_on:
            for i in same:
                if self.items[i].issued_on == issued_on:
                    return i
            for i in same:
                if self.items[i].issued_on is None:
                    self.items[i].issued_on = issued_on
                    return i
        elif same:
            dates = {self.items[i].issued_on for i in same}
            if len(dates) > 1:
                warning = _(
                    "%(symbol)s is cited without a date, and the plan cites documents of that symbol with "
                    "different dates; it was taken as the first one."
                ) % {"symbol": symbol}
                if warning not in self.warnings:
                    self.warnings.append(warning)
            return same[0]
        self.items.append(
            _Reference(symbol=symbol, type=doc_type, issued_on=issued_on, written_as=written_as)
        )
        same.append(len(self.items) - 1)
        return len(self.items) - 1

    def as_dict(self, index: int) -> dict:
        ref = self.items[index]
        return {
            "symbol": ref.symbol,
            "type": ref.type,
            "stated_type": ref.stated_type,
            "issued_on": ref.issued_on,
            "warning": ref.warning,
            "written_as": ref.written_as,
        }

"""How a plan's citations are read into the register (docs/domain.md, documents; issue 17 item 6).

- A misquoted citation ("Nghị quyết số 21-KL/TW, ngày 16/6/2022" where the plan means Resolution 21-NQ/TW of
  that day) is the document its type word and date point to, when the register has it or the plan cites it
  too: the citation links to it, keeping its words and its warning (tasks/plan_import/export.py writes it
  out as written), instead of registering a document that does not exist.
- A document is shown with the type word it is cited by when its code stands for two: 213-QĐ/TW is a
  "Quy định", not a "Quyết định".
"""

import datetime

from django.db.models import Q

from plans import symbols
from plans.models import Document
from tasks.plan_import.values import interchange_date


def _cited(data: dict):
    for item in (*data.get("implements", []), *data.get("basis", []), *data.get("references", [])):
        try:
            yield symbols.normalize_symbol(item["symbol"]), interchange_date(item.get("issued_on"))
        except symbols.SymbolError:
            continue


def meant_is_known(importer, *, meant: str, issued_on: datetime.date | None) -> bool:
    """Whether the document a misquote means is cited by the same plan or in its committee's register."""
    if (meant, issued_on) in set(_cited(importer.data)):
        return True
    registrar = importer.owner or importer.org(importer.data.get("owner"))
    return (
        Document.objects.active()
        .filter(Q(registered_by=registrar) | Q(registered_by__isnull=True), symbol=meant, issued_on=issued_on)
        .exists()
    )


def written_type_word(ref: dict) -> str:
    """The type word the citation writes, when it is not the first name of the symbol's code ("quy định"
    for 213-QĐ/TW), else ""."""
    cited = symbols.cited_symbol(ref.get("written_as") or "")
    if cited is None:
        return ""
    symbol, words = cited
    word = symbols.type_word_of(words)
    default = symbols.TYPE_NAMES.get(symbol.type, ("",))[0]
    if word is None or word == default or not symbols.types_agree(symbols.stated_type_of(words), symbol.type):
        return ""
    return word

"""Reading a plan's document into the interchange format: decode.py (text files), docx.py (Word), pdf.py (PDF),
then parse.py (the reader, with header.py, structure.py, deadlines.py, units.py, references.py, tables.py);
limits.py bounds every path. The public entry points are here."""

from tasks.plan_import.reading.deadlines import deadline_parse
from tasks.plan_import.reading.decode import text_decode
from tasks.plan_import.reading.limits import PlanReadError, characters_check
from tasks.plan_import.reading.parse import FORMAT, PlanReader
from tasks.plan_import.reading.tables import DocumentText

__all__ = [
    "FORMAT",
    "PlanReadError",
    "deadline_parse",
    "document_read",
    "plan_parse",
    "plan_parse_file",
]


def document_read(*, data: bytes, filename: str = "") -> DocumentText:
    """The text (and task tables) of an uploaded plan: .docx, .pdf, or a text file in any encoding we read.
    PlanReadError, with a message for the user, when it cannot or may not be read."""
    name = filename or "document"
    lowered = name.lower()
    if lowered.endswith(".pdf") or data[:5] == b"%PDF-":
        from tasks.plan_import.reading.pdf import pdf_read

        return pdf_read(data=data, name=name)
    if lowered.endswith(".docx") or data[:2] == b"PK":
        from tasks.plan_import.reading.docx import docx_read

        found = docx_read(source=data, name=name)
        characters_check(found.text, name=name)
        return found
    return DocumentText(text=characters_check(text_decode(data=data, name=name), name=name))


def plan_parse(*, text: str, tables=None) -> dict:
    """The plan written in `text`, in the interchange format (reading/parse.py says what it reads)."""
    return PlanReader(characters_check(text), tables).run()


def plan_parse_file(*, data: bytes, filename: str = "") -> dict:
    """`plan_parse` of an uploaded .txt, .docx or .pdf file, its task tables included."""
    found = document_read(data=data, filename=filename)
    return plan_parse(text=found.text, tables=found.tables)

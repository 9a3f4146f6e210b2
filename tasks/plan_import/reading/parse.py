"""Reading a plan's text into the interchange format ("plantrack.plan/1", plan.schema.json).

A plain module: no database, no network. ``plan_parse(text=...)`` takes the text of a plan as the seed has it
(one paragraph a line, blank lines between paragraphs) and returns a dict that validates against the schema;
``plan_parse_file(data=..., filename=...)`` reads a .txt, .docx or .pdf first (tasks/plan_import/reading/
decode.py, docx.py, pdf.py), and adds the task tables of a Word or PDF file (an appendix "Phụ lục" with STT |
Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian) as a section ``PL``. Nothing is saved: a person
reviews the result. The steps: header.py (header and closing), structure.py (blocks, sections, tasks),
deadlines.py (deadline wordings), units.py (who leads, coordinates, carries out), references.py (cited
documents), tables.py (task tables).

Text: NFC, runs of spaces collapsed. Lines are never dropped: what cannot be placed is quoted in a warning.
The only things not carried over are layout: list marks (kept as labels), the ``*`` of emphasis, ornament
lines and the printed labels ``Số`` and ``Nơi nhận:``.
"""

from django.utils.translation import gettext as _

from tasks.plan_import.reading.header import HeaderReader
from tasks.plan_import.reading.references import References
from tasks.plan_import.reading.structure import SectionReader, blocks_of, render, tree_of
from tasks.plan_import.reading.tables import TaskTable, anchor_index, table_section
from tasks.plan_import.reading.text import clean_lines

FORMAT = "plantrack.plan/1"


class PlanReader(HeaderReader, SectionReader):
    def __init__(self, text: str, tables: list[TaskTable] | None = None):
        self.lines = clean_lines(text)
        self.tables = tables or []
        self.placed_tables: set[int] = set()  # the tables read into the section they stand in
        self.warnings: list[str] = []
        self.references = References()
        self.document: dict = {
            "symbol": "",
            "number": "",
            "type": "",
            "issuer": "",
            "issued_on": None,
            "title": "",
            "written_as": "",
            "issuer_name": "",
            "superior": "",
            "motto": "",
            "place_date": None,
            "type_name": "",
        }
        self.place = ""
        self.preamble = ""
        self.recipients: list[str] = []
        self.signature = {"authority": "", "title": "", "name": ""}
        self.implements: list[int] = []
        self.basis: list[int] = []
        self.sections: list[dict] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def unplaced(self, line: str) -> None:
        # Not deduplicated: a line written twice is text twice.
        self.warnings.append(
            _("Could not place this line, check where it belongs: “%(line)s”") % {"line": line}
        )

    def body(self, body_lines: list[str]) -> None:
        blocks = blocks_of(body_lines, tables=len(self.tables))
        first_heading = next((i for i, b in enumerate(blocks) if b.kind in ("part", "roman", "number")), None)
        if first_heading is None:
            # No numbering at all: the preamble runs to its first paragraph ending with a colon, if any.
            colon = next((i for i, b in enumerate(blocks) if b.text.rstrip().endswith(":")), None)
            first_heading = (colon + 1) if colon is not None else min(1, len(blocks))
            if len(blocks) > first_heading:
                self.warn(_("No numbered sections were found; the tasks were put in one unnumbered section."))
        preamble_blocks, section_blocks = blocks[:first_heading], blocks[first_heading:]
        self.preamble = "\n".join(render(block) for block in preamble_blocks)
        for block in preamble_blocks:
            for index in self.references.scan(block.text, aliases=False):
                if index not in self.basis:
                    self.basis.append(index)
        for block in section_blocks:
            self.references.scan(block.text)
        self.sections = [self.section(node, False, None, None) for node in tree_of(section_blocks)]

    def run(self) -> dict:
        body_start = self.parse_header()
        closing = self.closing_start(body_start)
        self.body(self.lines[body_start:closing])
        self.parse_closing(
            [line for line in self.lines[closing:] if anchor_index(line, len(self.tables)) is None]
        )
        for index, table in enumerate(self.tables):
            if index not in self.placed_tables:  # an appendix, or a table the body did not place
                self.sections.append(table_section(table, self))
        if not self.document["symbol"]:
            self.warn(_("The plan's own number and symbol (“Số ...-KH/...”) was not found."))
        if not self.document["type"]:
            self.document["type"] = "KH"
        for warning in self.references.warnings:
            self.warn(warning)
        cited = [self.references.as_dict(i) for i in range(len(self.references.items))]
        return {
            "format": FORMAT,
            "document": self.document,
            "place": self.place,
            "preamble": self.preamble,
            "implements": [cited[i] for i in self.implements],
            "basis": [cited[i] for i in self.basis],
            "references": cited,
            "sections": self.sections,
            "recipients": self.recipients,
            "signature": self.signature,
            "warnings": self.warnings,
        }

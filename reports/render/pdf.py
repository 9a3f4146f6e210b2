"""Every PDF of Plantrack is laid out by `render_document` (`render_pdf` writes it out), and every PDF
template extends one base template (reports/templates/reports/pdf/base.html): the Party document format
of Hướng dẫn 36-HD/VPTW (docs/domain.md §9). The laid-out pages also say where the signature block is
(reports.render.signature_block), where an issued report's signature stamp goes.

The font comes from a system package, never from the repository: Liberation Serif 2 (Debian
fonts-liberation2, metric-compatible with Times New Roman, covers Vietnamese) when installed, else DejaVu
Serif (fonts-dejavu-core). Its files are found at run time and declared with @font-face, so WeasyPrint
embeds a subset of them in the PDF: the reader needs no font of their own.
"""

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FONT_FAMILY = "Plantrack Serif"  # the name the templates use; bound to the files found below


@dataclass(frozen=True)
class FontFace:
    path: Path
    weight: str  # "normal" | "bold"
    style: str  # "normal" | "italic"


@dataclass(frozen=True)
class FontChoice:
    family: str  # the font's own name, for the record
    package: str  # the Debian package that provides it
    faces: tuple[FontFace, ...]


# In order of preference. Regular and bold are required; italic faces are used when present (WeasyPrint
# slants the regular face otherwise).
FONT_CANDIDATES: tuple[tuple[str, str, str, dict[tuple[str, str], str]], ...] = (
    (
        "Liberation Serif",
        "fonts-liberation2",
        "/usr/share/fonts/truetype/liberation2",
        {
            ("normal", "normal"): "LiberationSerif-Regular.ttf",
            ("bold", "normal"): "LiberationSerif-Bold.ttf",
            ("normal", "italic"): "LiberationSerif-Italic.ttf",
            ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
        },
    ),
    (
        "DejaVu Serif",
        "fonts-dejavu-core",
        "/usr/share/fonts/truetype/dejavu",
        {
            ("normal", "normal"): "DejaVuSerif.ttf",
            ("bold", "normal"): "DejaVuSerif-Bold.ttf",
            ("normal", "italic"): "DejaVuSerif-Italic.ttf",
            ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
        },
    ),
)


class FontMissing(RuntimeError):
    pass


@functools.cache
def report_font() -> FontChoice:
    """The first candidate whose regular and bold files exist on this machine."""
    for family, package, directory, files in FONT_CANDIDATES:
        faces = tuple(
            FontFace(Path(directory) / name, weight, style)
            for (weight, style), name in files.items()
            if (Path(directory) / name).is_file()
        )
        present = {(face.weight, face.style) for face in faces}
        if {("normal", "normal"), ("bold", "normal")} <= present:
            if family != FONT_CANDIDATES[0][0]:
                logger.warning(
                    "PDF reports use %s: install %s for the Times-compatible face.",
                    family,
                    FONT_CANDIDATES[0][1],
                )
            return FontChoice(family, package, faces)
    packages = " or ".join(candidate[1] for candidate in FONT_CANDIDATES)
    raise FontMissing(f"No font for PDF reports: install the Debian package {packages}.")


def font_face_css() -> str:
    """@font-face rules binding FONT_FAMILY to the chosen font's files (file:// URLs)."""
    rules = []
    for face in report_font().faces:
        rules.append(
            "@font-face { "
            f'font-family: "{FONT_FAMILY}"; src: url("{face.path.as_uri()}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


def render_document(*, template: str, context: dict):
    """`template` (which extends reports/pdf/base.html) laid out in pages: a WeasyPrint Document, whose
    boxes say where things are (reports.render.signature_block) and whose write_pdf() gives the file."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        template, {**context, "font_face_css": font_face_css(), "font_family": FONT_FAMILY}
    )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).render(font_config=fonts)


def render_pdf(*, template: str, context: dict) -> bytes:
    """Render `template` (which extends reports/pdf/base.html) to PDF bytes, fonts embedded."""
    return render_document(template=template, context=context).write_pdf()


# --- the reports of reports/content/ ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PdfTable:
    title: str
    note: str
    columns: list[dict]
    rows: list[list[tuple[str, bool]]]
    footer: list[tuple[str, bool]] | None


def format_cell(value, column) -> tuple[str, bool]:
    """(text, right-aligned) for one cell: dates dd/mm/yyyy, numbers grouped, shares as "71,1%", and
    zero counts as a dash so that the figures stand out."""
    from django.utils.formats import date_format, number_format

    if value is None or value == "":
        return "", column.numeric
    if column.format == "percent":
        return number_format(round(100 * value, 1), decimal_pos=1) + "%", True
    if column.format == "int" and isinstance(value, int):
        return ("–" if value == 0 else number_format(value, force_grouping=True)), True
    if column.format == "date" and hasattr(value, "year"):
        return date_format(value, "SHORT_DATE_FORMAT"), False
    return str(value), column.numeric


def pdf_table(table) -> PdfTable:
    fixed = sum(column.width for column in table.columns)
    flexible = [column for column in table.columns if not column.width]
    rest = max(100 - fixed, 10) / max(len(flexible), 1)
    columns = [{"label": column.label, "share": f"{column.width or rest:.2f}"} for column in table.columns]
    rows = [
        [format_cell(value, column) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    footer = None
    if table.footer:
        footer = [
            format_cell(value, column) for value, column in zip(table.footer, table.columns, strict=True)
        ]
    return PdfTable(table.title, table.note, columns, rows, footer)


def report_pdf(content) -> bytes:
    """The PDF of a reports.content.common.ReportContent: the body, the closing, then each annex on landscape pages."""
    return report_document(content).write_pdf()


def report_document(content):
    """The laid-out pages of `report_pdf` (a WeasyPrint Document)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    letterhead = content.letterhead
    annex_reference = _("Attached to Report No. %(number)s, dated %(date)s, of %(issuer)s") % {
        "number": letterhead.symbol,
        "date": date_format(letterhead.issued_on, "SHORT_DATE_FORMAT"),
        "issuer": letterhead.issuer_name,
    }
    sections = [
        {"heading": s.heading, "paragraphs": s.paragraphs, "tables": [pdf_table(t) for t in s.tables]}
        for s in content.sections
    ]
    return render_document(
        template="reports/pdf/report.html",
        context={
            "content": content,
            "letterhead": letterhead,
            "sections": sections,
            "annexes": [pdf_table(table) for table in content.annexes],
            "annex_reference": annex_reference,
        },
    )


def board_pdf(document) -> bytes:
    """The PDF of a report written in Plantrack (reports.content.board_document.BoardDocument)."""
    return board_layout(document).write_pdf()


def board_layout(document):
    """The laid-out pages of `board_pdf` (a WeasyPrint Document), for signing where its signature block is."""
    return render_document(
        template="reports/pdf/board_report.html",
        context={
            "document": document,
            "letterhead": document.letterhead,
            "annexes": [pdf_table(table) for table in document.annexes],
        },
    )

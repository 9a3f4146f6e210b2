"""The text of a report's sections, as staff type it in the browser: plain lines, never HTML.

A section's text is read line by line (docs/domain.md §8.3):

- a line that starts with "# " is a sub-heading ("1. Công tác lãnh đạo, chỉ đạo"), printed bold;
- a line that starts with "- " is a bullet, printed as the Party's documents print them: a dash, then the text;
- consecutive lines that start with "|" are a table, one row per line, cells between the bars; the first row
  is the header; a row of dashes ("|---|---|") under it is allowed and skipped;
- any other line is a paragraph; blank lines only separate.

Nothing else has a meaning: "<b>" is printed as it is typed. The PDF escapes the text (Django templates) and
the Word file writes it as plain runs, so what a user types can never become markup.
"""

import re
from dataclasses import dataclass, field

HEADING, BULLET, PARAGRAPH, TABLE = "heading", "bullet", "paragraph", "table"
_RULE = re.compile(r"^\|?[\s:|-]*-[\s:|-]*\|?$")


@dataclass
class Block:
    kind: str  # heading | bullet | paragraph | table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # tables only; rows[0] is the header
    widths: list[float] = field(default_factory=list)  # tables only, optional: each column's share in %

    @property
    def header(self) -> list[str]:
        return self.rows[0] if self.rows else []

    @property
    def body(self) -> list[list[str]]:
        return self.rows[1:]

    @property
    def body_cells(self) -> list[list[tuple[str, bool]]]:
        """The body's cells as (text, is a number), numbers being set right."""
        return [[(cell, is_number(cell)) for cell in row] for row in self.body]


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%\s–-]+", text)) and any(ch.isdigit() for ch in text)


def table_cells(line: str) -> list[str]:
    """The cells of one table line: "| a | b |" → ["a", "b"] (the outer bars are optional)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _table(lines: list[str]) -> Block:
    rows = [table_cells(line) for i, line in enumerate(lines) if not (i == 1 and _RULE.match(line.strip()))]
    width = max(len(row) for row in rows)
    return Block(TABLE, rows=[row + [""] * (width - len(row)) for row in rows])


def parse_markup(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: list[str] = []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            blocks.append(_table(table))
            table = []
        if not line:
            continue
        if line.startswith("# "):
            blocks.append(Block(HEADING, line[2:].strip()))
        elif line.startswith("- "):
            blocks.append(Block(BULLET, line[2:].strip()))
        else:
            blocks.append(Block(PARAGRAPH, line))
    if table:
        blocks.append(_table(table))
    return blocks


def table_markup(rows: list[list[str]]) -> str:
    """Rows (the header first) as the lines of a table, bars in cell text replaced so the table stays one."""
    return "\n".join("| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows)


def one_line(text: str) -> str:
    """Text quoted inside a line (an organization's answer): its lines joined, so it cannot start a new
    block (a quoted "- " or "|" would otherwise become a bullet or a table)."""
    return " ".join(part.strip() for part in (text or "").splitlines() if part.strip())
